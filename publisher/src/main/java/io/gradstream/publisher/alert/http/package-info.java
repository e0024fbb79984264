/** HTTP routes of the alert engine: recent alerts and snapshots. */
package io.gradstream.publisher.alert.http;
