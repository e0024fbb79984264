/**
 * The embedded single-node KRaft broker of {@code gradstream run} and {@code demo}: its data dir
 * (locked, formatted once), ports and settings, and the creation of gradstream's topics on any
 * cluster.
 */
package io.gradstream.app.kafka;
