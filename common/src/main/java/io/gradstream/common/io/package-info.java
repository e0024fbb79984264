/**
 * File writes that readers never see half-done (write to a temporary file, then move it into
 * place).
 */
package io.gradstream.common.io;
