/**
 * JMH benchmarks of gradstream's hot paths, on real inputs (vtest.avi frames, dog.jpg, the YOLOv5s
 * demo model) and calling the production classes the worker and the publisher run. Run them with
 * {@code java -jar benchmarks/target/benchmarks.jar} (docs/BENCHMARKS.md, "Hot paths: JMH").
 */
package io.gradstream.benchmarks;
