/**
 * The publisher: joins frames and detections, renders boxes and heatmaps, serves the live viewer
 * and annotated streams, and raises alerts. Built out by the "Publisher" issue.
 */
package io.gradstream.publisher;
