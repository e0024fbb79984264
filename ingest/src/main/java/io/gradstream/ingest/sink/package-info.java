/** Where captured frames go: the frames topic, at most once and latest wins. */
package io.gradstream.ingest.sink;
