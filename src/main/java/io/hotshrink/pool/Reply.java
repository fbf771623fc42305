package io.hotshrink.pool;

import java.util.Map;

/**
 * A child's answer to one request.
 *
 * @param ok true for a RESULT, false for a FAILURE the child reported (the job's own problem)
 * @param fields the answer's fields
 * @param worker the id of the child that answered
 * @param attempt 1 for the first try, 2 when the job was retried after its child died
 */
public record Reply(boolean ok, Map<String, String> fields, String worker, long pid, int attempt) {}
