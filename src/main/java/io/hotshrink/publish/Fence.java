package io.hotshrink.publish;

import io.hotshrink.input.Source;

/**
 * Who else may be working on an input, asked at the points of a job's end where that matters. On
 * one host nobody is ({@link #NONE}); in cluster mode the claim database is (the daemon's {@code
 * ClusterRuntime}): a host that was paused past its lease finds that another host has taken the
 * input over, and then renames nothing more and leaves the source alone.
 *
 * <p>The order a job ends in, with the questions asked: {@link #mayPublish} just before the
 * renames; {@link #published} once the outputs are durably in place, before the source is archived
 * or deleted; or {@link #failing} before a failed input is moved aside; then {@link #ended} once
 * the source is dealt with. A "no" means: stop here, touch nothing more.
 */
public interface Fence {
  /** Just before the renames: true if this host may still publish the input's outputs. */
  boolean mayPublish(Source src);

  /**
   * The outputs are in place: records that, and says whether this host may dispose of the source
   * (archive, delete, or keep it as done).
   */
  boolean published(Source src);

  /** The input failed, for {@code reason}: records that; true if this host may move it aside. */
  boolean failing(Source src, String reason);

  /** The source is archived, deleted, kept or moved aside: the input is finished. */
  void ended(Source src);

  /** One host, nobody else: every question is answered yes. */
  Fence NONE =
      new Fence() {
        @Override
        public boolean mayPublish(Source src) {
          return true;
        }

        @Override
        public boolean published(Source src) {
          return true;
        }

        @Override
        public boolean failing(Source src, String reason) {
          return true;
        }

        @Override
        public void ended(Source src) {}
      };
}
