package io.hotshrink.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of a Prometheus text-format scrape, read back (for {@code hotshrink status}, which
 * may only use what {@code /metrics} serves). Comment lines are skipped; each sample line is {@code
 * name{label="value",...} value [timestamp]}.
 */
public final class Exposition {
  /** One sample: a metric name, its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }

    public String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private final List<Sample> samples;

  private Exposition(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * @throws IllegalArgumentException on a line that is not a sample (with the line)
   */
  public static Exposition parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      out.add(sample(l));
    }
    return new Exposition(out);
  }

  private static Sample sample(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
      i++;
    }
    String name = l.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < l.length() && l.charAt(i) == '{') {
      i++;
      while (i < l.length() && l.charAt(i) != '}') {
        int eq = l.indexOf('=', i);
        if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("not a sample: " + l);
        }
        String key = l.substring(i, eq).strip();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < l.length() && l.charAt(j) != '"'; j++) {
          char c = l.charAt(j);
          if (c == '\\' && j + 1 < l.length()) {
            char n = l.charAt(++j);
            value.append(n == 'n' ? '\n' : n);
          } else {
            value.append(c);
          }
        }
        if (j >= l.length()) {
          throw new IllegalArgumentException("not a sample: " + l);
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (i < l.length() && l.charAt(i) == ',') {
          i++;
        }
      }
      i++; // the '}'
    }
    String[] rest = l.substring(Math.min(i, l.length())).strip().split("\\s+");
    if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
      throw new IllegalArgumentException("not a sample: " + l);
    }
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> {
            try {
              yield Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("not a sample: " + l, e);
            }
          }
        };
    return new Sample(name, labels, value);
  }

  /** Every sample of {@code name}. */
  public List<Sample> all(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The first sample of {@code name} whose labels include {@code labels} (key, value, ...). */
  public Optional<Sample> find(String name, String... labels) {
    return all(name).stream().filter(s -> has(s, labels)).findFirst();
  }

  /** The value of {@link #find}, or {@code orElse}. */
  public double value(String name, double orElse, String... labels) {
    return find(name, labels).map(Sample::value).orElse(orElse);
  }

  /**
   * The sum of every sample of {@code name} whose labels include {@code labels} (key, value, ...):
   * a counter over all its other labels, e.g. the daemon's jobs over every hot folder.
   */
  public double sum(String name, String... labels) {
    return all(name).stream().filter(s -> has(s, labels)).mapToDouble(Sample::value).sum();
  }

  /** The largest value of the samples of {@code name}, or {@code orElse} when there are none. */
  public double max(String name, double orElse) {
    return all(name).stream().mapToDouble(Sample::value).max().orElse(orElse);
  }

  private static boolean has(Sample s, String... labels) {
    for (int k = 0; k + 1 < labels.length; k += 2) {
      if (!labels[k + 1].equals(s.labels().get(labels[k]))) {
        return false;
      }
    }
    return true;
  }
}
