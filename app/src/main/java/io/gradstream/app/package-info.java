/**
 * The {@code gradstream} command line (picocli): {@link io.gradstream.app.Gradstream} and one class
 * per subcommand ({@code run}, {@code demo}, {@code detect}, {@code explain}, {@code calibrate},
 * {@code model}, {@code bench}, {@code config}), with the options they share and the signal
 * handling of the long-running ones.
 */
package io.gradstream.app;
