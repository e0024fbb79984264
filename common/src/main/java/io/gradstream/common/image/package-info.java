/**
 * Image facts shared by the roles: a JPEG's stated size read from its header before decoding, and
 * where a frame sits inside the letterboxed model input.
 */
package io.gradstream.common.image;
