/**
 * The alert engine: rules over tracked detections and their explanation quality, with hysteresis
 * and cooldown, publishing JSON alerts to Kafka and webhooks with a snapshot each (docs/ALERTS.md).
 */
package io.gradstream.publisher.alert;
