/** The inference worker's Micrometer meters. */
package io.gradstream.inference.worker.metrics;
