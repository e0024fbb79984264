/**
 * Per-detection explanation quality: how much of a map's energy falls in the detection's box, how
 * peaked the map is, and one confidence an operator can read, from a raw map and a {@link
 * io.gradstream.explain.quality.CellBox}.
 */
package io.gradstream.explain.quality;
