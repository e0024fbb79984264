/** Writing alerts to the alerts topic. */
package io.gradstream.publisher.alert.kafka;
