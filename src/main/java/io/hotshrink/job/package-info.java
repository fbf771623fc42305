/**
 * The job lifecycle, one settled input's way through the stages: {@link io.hotshrink.job.Pipeline}
 * (the entry class) plans the outputs, runs the job on the pool ({@code JobRequests}: what the
 * child is asked), then publishes the renditions ({@code PublishedJobs}) or moves the input to the
 * failed folder ({@code FailedJobs}), and puts off what is not the input's fault to {@code Retries}
 * ({@code RetryScheduler}: backoff, the log once per episode); {@code OneJobPerFile} keeps one job
 * per input at a time, {@code Backlog} the inputs handed on and not yet done. Used by the daemon
 * and by {@code batch}. May import: {@code config}, {@code input}, {@code journal}, {@code
 * metrics}, {@code pool}, {@code protocol}, {@code publish}, {@code resize}, {@code watch}.
 */
package io.hotshrink.job;
