/**
 * Cameras as every role sees them: the rules a registration must meet, URLs with their credentials
 * redacted, the file roots file sources must lie under, and the records of the compacted cameras
 * topic.
 */
package io.gradstream.common.camera;
