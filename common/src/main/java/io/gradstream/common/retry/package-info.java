/**
 * Named retry policies: which failures are retried, with what backoff and for how long, for every
 * place that retries (camera reconnects, Kafka readers, webhooks, dead-letter writes).
 */
package io.gradstream.common.retry;
