/** Network address rules shared by the roles that call out (webhook targets). */
package io.gradstream.common.net;
