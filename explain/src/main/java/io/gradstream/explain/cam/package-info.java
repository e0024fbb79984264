/**
 * Class-activation maps computed from target activations: the gradient methods behind {@link
 * io.gradstream.explain.cam.CamMethod} (Grad-CAM, HiResCAM, Grad-CAM++), which read one detection's
 * windowed gradient, and the gradient-free {@link io.gradstream.explain.cam.EigenCam}, one map per
 * frame and level.
 */
package io.gradstream.explain.cam;
