/**
 * The frames consumer: the poll loop, rebalance handling and the per-partition ledgers that decide
 * which offsets may be committed.
 */
package io.gradstream.inference.worker.source;
