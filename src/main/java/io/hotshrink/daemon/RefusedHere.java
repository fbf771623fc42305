package io.hotshrink.daemon;

import io.hotshrink.input.JobKey;
import io.hotshrink.watch.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cluster mode: why this host's watcher refused an input version (not a JPEG, never ended), kept
 * until this host claims it and moves it aside. Another host may claim it instead (its watcher
 * judged the same file alike), so entries are also dropped oldest first past a bound: forgetting
 * one only means the input goes through a child, which fails it for its own reason.
 */
final class RefusedHere {
  private final Map<FolderInput, Refusal> reasons;

  RefusedHere(int bound) {
    this.reasons =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<FolderInput, Refusal> eldest) {
            return size() > bound;
          }
        };
  }

  synchronized void put(String folder, JobKey input, Refusal reason) {
    reasons.put(new FolderInput(folder, input), reason);
  }

  synchronized Refusal get(String folder, JobKey input) {
    return reasons.get(new FolderInput(folder, input));
  }

  synchronized void remove(String folder, JobKey input) {
    reasons.remove(new FolderInput(folder, input));
  }
}
