/** Class-activation maps computed from target activations and their gradients: Grad-CAM so far. */
package io.gradstream.explain.cam;
