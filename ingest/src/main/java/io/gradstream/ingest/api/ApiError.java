package io.gradstream.ingest.api;

import java.util.List;

/**
 * An error response: what is wrong, what to do, and for invalid cameras each field's problem.
 *
 * @param error what went wrong
 * @param fix what to do about it
 * @param problems per-field problems, empty when not about fields
 */
record ApiError(String error, String fix, List<FieldProblem> problems) {

  /** One invalid field of a request. */
  record FieldProblem(String field, String problem, String fix) {}

  static ApiError of(String error, String fix) {
    return new ApiError(error, fix, List.of());
  }
}
