package io.hotshrink.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hotshrink.resize.Options;
import io.hotshrink.resize.Resampler;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.resize.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void optionsAndTargetsSurviveTheTrip() {
    Options o =
        new Options(
            Options.Mode.FAST,
            Resampler.Filter.BILINEAR,
            Options.Color.SRGB,
            Options.Meta.COPYRIGHT,
            1234,
            5678);
    List<Target> t =
        List.of(
            new Target("a", Path.of("/x/a.jpg"), 0.5, 0, 0, 80, 444, true, false),
            new Target("b", Path.of("/x/b.jpg"), 0, 320, 200, 70, 422, false, true));
    Map<String, String> f = WireFormat.request(Path.of("/in/p.jpg"), t, o);
    assertEquals(o, WireFormat.options(f));
    assertEquals(t, WireFormat.targets(f));
    assertEquals(Path.of("/in/p.jpg"), WireFormat.source(f));
  }

  @Test
  void fieldsAnOlderParentDidNotSendTakeTheDefaults() {
    Map<String, String> f =
        Map.of(
            "source", "/in/p.jpg",
            "targets", "1",
            "t.0.name", "a",
            "t.0.file", "/x/a.jpg",
            "t.0.scale", "0.5",
            "t.0.fit", "0x0",
            "t.0.quality", "85");
    assertEquals(Options.DEFAULT, WireFormat.options(f));
    assertEquals(new Target("a", Path.of("/x/a.jpg"), 0.5, 0, 0, 85), WireFormat.targets(f).get(0));
  }

  @Test
  void aResultSurvivesTheTripWithItsWarningOrWithout() {
    List<ResizeResult.Output> outs = List.of(new ResizeResult.Output("half", 400, 300, 12345));
    ResizeResult clean = new ResizeResult("turbojpeg", 800, 600, outs, 20, 30, 40);
    ResizeResult warned =
        new ResizeResult("java", 800, 600, outs, 20, 30, 40, "Corrupt JPEG data: bad Huffman code");
    assertEquals(clean, WireFormat.result(WireFormat.result(clean)));
    assertEquals(warned, WireFormat.result(WireFormat.result(warned)));
    assertFalse(WireFormat.result(clean).containsKey("warning"), "no field for no warning");
  }
}
