package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  @Test
  void readsNamesLabelsAndValuesSkippingComments() {
    Exposition e =
        Exposition.parse(
            "# HELP hotshrink_jobs_done_total Inputs\n"
                + "# TYPE hotshrink_jobs_done_total counter\n"
                + "hotshrink_jobs_done_total 12.0\n"
                + "hotshrink_jobs_failed_total{reason=\"crashed\"} 1.0\n"
                + "hotshrink_jobs_failed_total{reason=\"undecodable\"} 2.0\n"
                + "hotshrink_x_bucket{stage=\"decode\",le=\"+Inf\"} 3 1700000000000\n"
                + "\n");
    assertEquals(12.0, e.value("hotshrink_jobs_done_total", -1));
    assertEquals(2.0, e.value("hotshrink_jobs_failed_total", -1, "reason", "undecodable"));
    assertEquals(3.0, e.sum("hotshrink_jobs_failed_total"));
    assertEquals(
        Map.of("stage", "decode", "le", "+Inf"), e.find("hotshrink_x_bucket").get().labels());
    assertEquals(-1, e.value("hotshrink_nothing", -1));
  }

  @Test
  void unescapesLabelValues() {
    Exposition e =
        Exposition.parse("hotshrink_info{input=\"/a \\\"b\\\"\\\\c\\nd\",engine=\"java\"} 1\n");
    assertEquals("/a \"b\"\\c\nd", e.find("hotshrink_info").get().label("input"));
    assertEquals("java", e.find("hotshrink_info").get().label("engine"));
  }

  @Test
  void specialValues() {
    Exposition e = Exposition.parse("a +Inf\nb NaN\nc -Inf\nd 1.5e3\n");
    assertEquals(Double.POSITIVE_INFINITY, e.value("a", 0));
    assertTrue(Double.isNaN(e.value("b", 0)));
    assertEquals(Double.NEGATIVE_INFINITY, e.value("c", 0));
    assertEquals(1500, e.value("d", 0));
  }

  @Test
  void aLineThatIsNotASampleIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Exposition.parse("<html>\n"));
    assertThrows(IllegalArgumentException.class, () -> Exposition.parse("a{b=\"c} 1\n"));
  }
}
