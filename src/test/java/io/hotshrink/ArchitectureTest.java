package io.hotshrink;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies, read from the source: every {@code import io.hotshrink.…} (static and
 * wildcard ones too) and every fully qualified {@code io.hotshrink.x.Name} in the code of each file
 * under {@code src/main/java} (comments do not count; strings do: a class named in a string, as the
 * pool names the child's main class, is a dependency all the same). They must form no cycle, and
 * each package may import only what its row in {@link #ALLOWED} says, which is what its {@code
 * package-info.java} says in its "May import:" sentence.
 *
 * <p>A new dependency between packages is a decision: make it in the table and in the package-info
 * together, and keep the graph acyclic.
 */
class ArchitectureTest {
  static final String ROOT = "io.hotshrink";

  private static final Path SOURCES = Path.of("src/main/java");

  /**
   * What each package may import of ours ({@link #ROOT}: the root package, the other names are its
   * sub-packages), from the leaves up. Anything outside {@code io.hotshrink} is not checked here.
   */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          entry(ROOT, Set.of()),
          entry("input", Set.of()),
          entry("config", Set.of()),
          entry("resize", Set.of()),
          entry("logging", Set.of()),
          entry("cluster", Set.of()),
          entry("protocol", Set.of("resize")),
          entry("journal", Set.of("input")),
          entry("worker", Set.of(ROOT, "logging", "protocol", "resize")),
          entry("watch", Set.of(ROOT, "config", "input")),
          entry("publish", Set.of("config", "input", "journal")),
          entry("pool", Set.of(ROOT, "config", "protocol", "worker")),
          entry("metrics", Set.of(ROOT, "config", "input", "pool", "resize", "watch")),
          entry(
              "job",
              Set.of(
                  "config",
                  "input",
                  "journal",
                  "metrics",
                  "pool",
                  "protocol",
                  "publish",
                  "resize",
                  "watch")),
          entry(
              "daemon",
              Set.of(
                  ROOT, "cluster", "config", "input", "job", "journal", "logging", "metrics",
                  "pool", "publish", "resize", "watch")),
          entry(
              "cli",
              Set.of(
                  ROOT, "cluster", "config", "daemon", "input", "job", "journal", "metrics", "pool",
                  "watch")));

  /** {@code io.hotshrink.Name}, {@code io.hotshrink.x.Name}, {@code io.hotshrink.x.*}. */
  private static final Pattern OURS =
      Pattern.compile("\\bio\\.hotshrink\\.(?:([a-z][a-z0-9_]*)\\.)?([A-Z][A-Za-z0-9_$]*|\\*)");

  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  /** One use of another package of ours: where, and what it names. */
  record Use(String from, String to, Path file, int line, String text) {
    @Override
    public String toString() {
      return SOURCES.relativize(file) + ":" + line + ": " + from + " uses " + text;
    }
  }

  private static List<Use> uses;
  private static Set<String> packages;

  @BeforeAll
  static void readTheSources() throws IOException {
    uses = new ArrayList<>();
    packages = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> all = Files.walk(SOURCES.resolve("io/hotshrink"))) {
      files = all.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(files.size() > 100, "no sources under " + SOURCES.toAbsolutePath());
    for (Path f : files) {
      String source = Files.readString(f, StandardCharsets.UTF_8);
      String from = packageOf(source, f);
      packages.add(from);
      uses.addAll(uses(from, f, source));
    }
  }

  private static String packageOf(String source, Path file) {
    Matcher m = PACKAGE.matcher(withoutComments(source));
    assertTrue(m.find(), file + " has no package declaration");
    String name = m.group(1);
    assertTrue(name.equals(ROOT) || name.startsWith(ROOT + "."), file + ": package " + name);
    return shortName(name);
  }

  /** {@link #ROOT} for the root package, else the sub-package's name ("pool"). */
  private static String shortName(String name) {
    return name.equals(ROOT) ? ROOT : name.substring(ROOT.length() + 1);
  }

  /** The uses of other packages of ours in {@code source}, a file of package {@code from}. */
  static List<Use> uses(String from, Path file, String source) {
    String code = withoutComments(source);
    List<Use> out = new ArrayList<>();
    Matcher m = OURS.matcher(code);
    while (m.find()) {
      String to = m.group(1) == null ? ROOT : m.group(1);
      if (!to.equals(from)) {
        int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(new Use(from, to, file, line, m.group()));
      }
    }
    return out;
  }

  /**
   * The source with every comment blanked out (newlines kept, so line numbers stay right); string
   * and character literals, text blocks included, are kept as they are.
   */
  static String withoutComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        for (; i < end; i++) {
          out.append(s.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? s.length() : end + 3;
        out.append(s, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, s.length());
        out.append(s, i, j);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static Map<String, Set<String>> graph() {
    Map<String, Set<String>> g = new TreeMap<>();
    for (String p : packages) {
      g.put(p, new TreeSet<>());
    }
    for (Use u : uses) {
      g.get(u.from()).add(u.to());
    }
    return g;
  }

  @Test
  void everyPackageHasARowInTheTableAndAPackageInfo() {
    assertEquals(
        new TreeSet<>(ALLOWED.keySet()),
        packages,
        "the packages under src/main/java and the rows of ALLOWED differ: a new package needs a"
            + " row (and a package-info.java saying the same)");
    for (String p : packages) {
      Path info = SOURCES.resolve(dir(p)).resolve("package-info.java");
      assertTrue(Files.isRegularFile(info), p + " has no package-info.java");
    }
  }

  @Test
  void noPackageImportsWhatItsRowDoesNotAllow() {
    List<String> forbidden = new ArrayList<>();
    for (Use u : uses) {
      Set<String> allowed = ALLOWED.getOrDefault(u.from(), Set.of());
      if (!allowed.contains(u.to())) {
        forbidden.add(u + " (" + u.from() + " may import only " + new TreeSet<>(allowed) + ")");
      }
    }
    assertTrue(forbidden.isEmpty(), "forbidden dependencies:\n" + String.join("\n", forbidden));
  }

  @Test
  void thePackagesDependOnEachOtherWithoutCycles() {
    List<String> cycle = cycle(graph());
    assertTrue(
        cycle.isEmpty(),
        "a cycle: "
            + String.join(" → ", cycle)
            + "\nwhere:\n"
            + uses.stream()
                .filter(u -> cycleEdge(cycle, u.from(), u.to()))
                .map(Use::toString)
                .collect(Collectors.joining("\n")));
  }

  @Test
  void theTableAllowsNoCycleEither() {
    List<String> cycle = cycle(ALLOWED);
    assertTrue(cycle.isEmpty(), "ALLOWED has a cycle: " + String.join(" → ", cycle));
  }

  @Test
  void eachPackageInfoSaysWhatTheTableSays() throws IOException {
    Pattern sentence = Pattern.compile("May import: (.*?)\\.(?:\\s|$)");
    Pattern name = Pattern.compile("\\{@code ([\\w.]+)}");
    for (String p : packages) {
      String text =
          Files.readString(SOURCES.resolve(dir(p)).resolve("package-info.java"))
              .replaceAll("(?m)^\\s*/?\\*+/?", " ")
              .replaceAll("\\s+", " ");
      Matcher m = sentence.matcher(text);
      assertTrue(m.find(), p + "'s package-info has no \"May import: ...\" sentence");
      Set<String> said = new TreeSet<>();
      if (!m.group(1).equals("none of our packages")) {
        Matcher n = name.matcher(m.group(1));
        while (n.find()) {
          said.add(n.group(1));
        }
        assertTrue(!said.isEmpty(), p + "'s package-info: May import: " + m.group(1));
      }
      assertEquals(new TreeSet<>(ALLOWED.get(p)), said, p + "'s package-info and ALLOWED differ");
    }
  }

  @Test
  void theScannerSeesImportsAndQualifiedNamesButNotComments() {
    String source =
        String.join(
            "\n",
            "package io.hotshrink.pool;",
            "import io.hotshrink.config.Settings;",
            "import static io.hotshrink.protocol.Codec.MAGIC;",
            "import io.hotshrink.resize.*;",
            "import io.hotshrink.Threads;",
            "// import io.hotshrink.daemon.HotshrinkDaemon;",
            "/* io.hotshrink.cli.Main */ class X {",
            "  String s = \"// io.hotshrink.worker.WorkerMain\";",
            "  Object o = io.hotshrink.journal.Journal.inMemory(); // io.hotshrink.job.Pipeline",
            "  String url = \"http://x\"; Object p = io.hotshrink.publish.Commit.class;",
            "}");
    List<Use> found = uses("pool", Path.of("X.java"), source);
    assertEquals(
        List.of(
            "config@2",
            "protocol@3",
            "resize@4",
            ROOT + "@5",
            "worker@8",
            "journal@9",
            "publish@10"),
        found.stream().map(u -> u.to() + "@" + u.line()).toList());
  }

  /** A cycle in {@code g} (its packages in order, the first again at the end), or empty. */
  static List<String> cycle(Map<String, Set<String>> g) {
    Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
    Deque<String> path = new ArrayDeque<>();
    for (String start : new TreeSet<>(g.keySet())) {
      List<String> c = visit(start, g, state, path);
      if (!c.isEmpty()) {
        return c;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String p, Map<String, Set<String>> g, Map<String, Integer> state, Deque<String> path) {
    Integer s = state.get(p);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null) {
      List<String> onPath = new ArrayList<>(path);
      Collections.reverse(onPath); // the deque is newest first
      List<String> c = new ArrayList<>(onPath.subList(onPath.indexOf(p), onPath.size()));
      c.add(p);
      return c;
    }
    state.put(p, 1);
    path.push(p);
    for (String q : new TreeSet<>(g.getOrDefault(p, Set.of()))) {
      List<String> c = visit(q, g, state, path);
      if (!c.isEmpty()) {
        return c;
      }
    }
    path.pop();
    state.put(p, 2);
    return List.of();
  }

  private static boolean cycleEdge(List<String> cycle, String from, String to) {
    for (int i = 0; i + 1 < cycle.size(); i++) {
      if (cycle.get(i).equals(from) && cycle.get(i + 1).equals(to)) {
        return true;
      }
    }
    return false;
  }

  private static Path dir(String p) {
    return Path.of(p.equals(ROOT) ? "io/hotshrink" : "io/hotshrink/" + p);
  }
}
