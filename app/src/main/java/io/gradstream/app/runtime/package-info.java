/**
 * A running gradstream process: {@link io.gradstream.app.runtime.GradstreamRuntime} starts the
 * embedded broker or connects to a cluster, creates the topics, starts the configured roles
 * (ingest, inference, publisher) and the HTTP server, and stops them in reverse order within the
 * stop timeout.
 */
package io.gradstream.app.runtime;
