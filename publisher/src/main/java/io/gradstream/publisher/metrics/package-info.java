/** The publisher's Prometheus metrics. */
package io.gradstream.publisher.metrics;
