/**
 * The dead-letter topic: records no reader can decode go there as they came, with headers saying
 * why and where they were read.
 */
package io.gradstream.common.deadletter;
