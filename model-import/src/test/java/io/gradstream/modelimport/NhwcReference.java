package io.gradstream.modelimport;

/**
 * Plain-Java NHWC implementations of the TF ops in the converter tests, written straight from TF's
 * definitions, so the ONNX model is checked against TF semantics rather than against itself.
 */
final class NhwcReference {
  private NhwcReference() {}

  /** One image, NHWC with batch 1. */
  record Image(int h, int w, int c, float[] data) {
    float at(int y, int x, int ch) {
      return data[(y * w + x) * c + ch];
    }
  }

  static Image conv(
      Image in, float[] hwio, int k, int cout, float[] bias, int stride, boolean same) {
    int oh = same ? (in.h + stride - 1) / stride : (in.h - k) / stride + 1;
    int ow = same ? (in.w + stride - 1) / stride : (in.w - k) / stride + 1;
    int padTop = same ? Math.max((oh - 1) * stride + k - in.h, 0) / 2 : 0;
    int padLeft = same ? Math.max((ow - 1) * stride + k - in.w, 0) / 2 : 0;
    float[] out = new float[oh * ow * cout];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int o = 0; o < cout; o++) {
          double sum = bias[o];
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = y * stride + ky - padTop;
              int ix = x * stride + kx - padLeft;
              if (iy < 0 || ix < 0 || iy >= in.h || ix >= in.w) {
                continue;
              }
              for (int i = 0; i < in.c; i++) {
                sum += in.at(iy, ix, i) * hwio[((ky * k + kx) * in.c + i) * cout + o];
              }
            }
          }
          out[(y * ow + x) * cout + o] = (float) sum;
        }
      }
    }
    return new Image(oh, ow, cout, out);
  }

  static Image silu(Image in) {
    float[] out = new float[in.data.length];
    for (int i = 0; i < out.length; i++) {
      float v = in.data[i];
      out[i] = v * (float) (1 / (1 + Math.exp(-v)));
    }
    return new Image(in.h, in.w, in.c, out);
  }

  /** TF ResizeNearestNeighbor with half_pixel_centers: source = floor((dst + 0.5) * in / out). */
  static Image resizeNearest(Image in, int oh, int ow) {
    float[] out = new float[oh * ow * in.c];
    for (int y = 0; y < oh; y++) {
      int sy = Math.min(in.h - 1, (int) Math.floor((y + 0.5) * in.h / oh));
      for (int x = 0; x < ow; x++) {
        int sx = Math.min(in.w - 1, (int) Math.floor((x + 0.5) * in.w / ow));
        for (int ch = 0; ch < in.c; ch++) {
          out[(y * ow + x) * in.c + ch] = in.at(sy, sx, ch);
        }
      }
    }
    return new Image(oh, ow, in.c, out);
  }

  static Image concatChannels(Image a, Image b) {
    int c = a.c + b.c;
    float[] out = new float[a.h * a.w * c];
    for (int p = 0; p < a.h * a.w; p++) {
      System.arraycopy(a.data, p * a.c, out, p * c, a.c);
      System.arraycopy(b.data, p * b.c, out, p * c + a.c, b.c);
    }
    return new Image(a.h, a.w, c, out);
  }

  /** TF MaxPool with SAME padding, stride 1: padded positions never win. */
  static Image maxPoolSame(Image in, int k) {
    int pad = (k - 1) / 2;
    float[] out = new float[in.data.length];
    for (int y = 0; y < in.h; y++) {
      for (int x = 0; x < in.w; x++) {
        for (int ch = 0; ch < in.c; ch++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int dy = 0; dy < k; dy++) {
            for (int dx = 0; dx < k; dx++) {
              int iy = y + dy - pad;
              int ix = x + dx - pad;
              if (iy >= 0 && ix >= 0 && iy < in.h && ix < in.w) {
                m = Math.max(m, in.at(iy, ix, ch));
              }
            }
          }
          out[(y * in.w + x) * in.c + ch] = m;
        }
      }
    }
    return new Image(in.h, in.w, in.c, out);
  }

  /** (x + add) * scale[channel]. */
  static Image affinePerChannel(Image in, float add, float[] scale) {
    float[] out = new float[in.data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (in.data[i] + add) * scale[i % in.c];
    }
    return new Image(in.h, in.w, in.c, out);
  }
}
