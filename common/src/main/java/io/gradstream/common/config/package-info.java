/**
 * The configuration: one record per section, loaded by {@link
 * io.gradstream.common.config.ConfigLoader} from defaults.yaml, a YAML file and {@code
 * GRADSTREAM_*} environment variables, and checked by {@link
 * io.gradstream.common.config.ConfigValidator}, whose every problem names the key and the fix.
 */
package io.gradstream.common.config;
