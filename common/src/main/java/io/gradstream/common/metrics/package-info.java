/** Helpers shared by the roles' meters, free of any metrics library: bounded label values. */
package io.gradstream.common.metrics;
