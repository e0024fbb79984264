/** Delivering alerts to webhooks: signed POSTs with retries, off the detections thread. */
package io.gradstream.publisher.alert.webhook;
