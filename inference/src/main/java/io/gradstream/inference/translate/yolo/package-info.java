/**
 * The YOLO output layouts ({@code [N, rows, 5 + C]} for v5, {@code [N, 4 + C, rows]} for v8/11),
 * their box units and options, and one translator per layout.
 */
package io.gradstream.inference.translate.yolo;
