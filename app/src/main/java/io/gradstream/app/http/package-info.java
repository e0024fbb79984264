/**
 * The HTTP edge every role's routes sit behind: the access token and its guard, request limits, and
 * the operational routes ({@code /health}, {@code /ready}, {@code /metrics}).
 */
package io.gradstream.app.http;
