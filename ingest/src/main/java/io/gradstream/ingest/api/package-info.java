/**
 * The camera REST API ({@code /cameras}): add, list, show and remove cameras, with errors that say
 * what to fix and credentials never shown.
 */
package io.gradstream.ingest.api;
