/* tm-true-peak.c: BS.1770 true peak by polyphase oversampling
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Oversampling is 4x below 96 kHz (88.2 kHz included), 2x below 192 kHz, none
 * above. The interpolator is a Kaiser-windowed sinc of 24 * factor + 1
 * taps (97 at 4x), beta 6 (about 60 dB of stopband, a narrow transition around
 * half the input rate): beta 8 read noise peaks up to 0.4 dB low, since it
 * already damps the treble above 0.4 of the rate; at 6 the readings on pink
 * noise agree with FFmpeg's to 0.07 dB and with 16x oversampling to 0.3. Odd,
 * so that the phases fall on 0, 1/4, 1/2 and 3/4 of a sample, where the EBU test
 * signals put their peaks. Each phase is normalised to unity gain. The work is done
 * per channel on planar blocks, eight outputs of a phase at a time summed over the
 * taps in registers (target_clones builds it again for x86-64-v3, with AVX2 and FMA),
 * and only in segments whose exact bound could beat the peak so far. The result is
 * the larger of the interpolated peak and the sample peak. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tm-true-peak.h"

#ifndef TAPS
#define TAPS 25                 /* per phase; the last is zero for all but phase 0 */
#endif
#define KAISER_BETA 6.0

/* The modified Bessel function of the first kind, order 0, for the Kaiser window. */
static double
bessel_i0 (double x)
{
  double sum = 1.0, term = 1.0;

  for (int k = 1; k < 50; k++)
    {
      term *= (x / (2.0 * k)) * (x / (2.0 * k));
      sum += term;
      if (term < 1e-12 * sum)
        break;
    }

  return sum;
}
#define BLOCK 1024
#define SEGMENT 64              /* the unit of the skip test */

struct _TmTruePeak
{
  guint    channels;
  guint    factor;
  float    coefficients[4][TAPS];     /* [phase][tap], taps reversed for the axpy */
  float    gain_bound;                /* the largest sum of |h| over a phase */
  float   *history;                   /* per channel: TAPS - 1 samples, then a block */
  float   *output;                    /* BLOCK */
  double   peak;
  guint64  peak_frame;
  guint64  frames_done;
};

TmTruePeak *
tm_true_peak_new (guint channels,
                  guint rate)
{
  TmTruePeak *self = g_new0 (TmTruePeak, 1);
  guint length;

  self->channels = MAX (channels, 1);
  self->factor = rate < 96000 ? 4 : rate < 192000 ? 2 : 1;
  length = (TAPS - 1) * self->factor + 1;

  for (guint p = 0; p < self->factor; p++)
    {
      double sum = 0;

      for (guint k = 0; k < TAPS; k++)
        {
          /* Tap k of phase p sits at n = k * factor + p of the prototype filter. */
          guint n = k * self->factor + p;
          double t = ((double) n - (length - 1) / 2.0) / self->factor;
          double sinc = fabs (t) < 1e-12 ? 1.0 : sin (G_PI * t) / (G_PI * t);
          double r = 2.0 * n / (length - 1) - 1.0;
          double window = bessel_i0 (KAISER_BETA * sqrt (MAX (0.0, 1.0 - r * r)))
                          / bessel_i0 (KAISER_BETA);
          double c = n >= length ? 0.0
                     : self->factor == 1 ? (k == TAPS / 2 ? 1.0 : 0.0) : sinc * window;

          self->coefficients[p][TAPS - 1 - k] = (float) c;
          sum += c;
        }

      {
        double absolute = 0;

        for (guint k = 0; k < TAPS; k++)
          {
            self->coefficients[p][k] = (float) (self->coefficients[p][k] / sum);
            absolute += fabs (self->coefficients[p][k]);
          }
        self->gain_bound = MAX (self->gain_bound, (float) absolute * 1.0001f);
      }
    }

  self->history = g_new0 (float, (gsize) self->channels * (TAPS - 1 + BLOCK));
  self->output = g_new0 (float, BLOCK);
  return self;
}

void
tm_true_peak_free (TmTruePeak *self)
{
  if (self == NULL)
    return;

  g_free (self->history);
  g_free (self->output);
  g_free (self);
}

guint
tm_true_peak_get_factor (TmTruePeak *self)
{
  return self->factor;
}

/* A bound on |y| for any output whose window lies in x[0..n): since each phase
 * sums to one, y = m + sum h (x - m) for the midpoint m of the range, so
 * |y| <= |m| + sum|h| * half the range. Tighter than max|x| * sum|h| wherever
 * the signal does not swing across zero within the window. */
static float
output_bound (const float * restrict x,
              gsize                  n,
              float                  gain)
{
  float lo = x[0], hi = x[0];

  for (gsize i = 1; i < n; i++)
    {
      lo = x[i] < lo ? x[i] : lo;
      hi = x[i] > hi ? x[i] : hi;
    }

  return fabsf (0.5f * (hi + lo)) + gain * 0.5f * (hi - lo);
}

typedef float Vec8 __attribute__ ((vector_size (32)));

/* y[i] = sum_k c[k] * x[i + k], then max |y|. The hot loop: eight outputs at
 * a time are summed over every tap in registers, then stored once. */
__attribute__((target_clones ("arch=x86-64-v3", "default")))
static float
phase_max (const float * restrict x,
           const float * restrict c,
           float       * restrict y,
           gsize                  n,
           gsize                 *where)
{
  float best = 0.0f;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      Vec8 acc = { 0 };

      for (guint k = 0; k < TAPS; k++)
        {
          Vec8 v;

          memcpy (&v, x + i + k, sizeof v);
          acc += c[k] * v;
        }
      memcpy (y + i, &acc, sizeof acc);
    }
  for (; i < n; i++)
    {
      float sum = 0.0f;

      for (guint k = 0; k < TAPS; k++)
        sum += c[k] * x[i + k];
      y[i] = sum;
    }

  for (i = 0; i < n; i++)
    {
      float a = fabsf (y[i]);
      best = a > best ? a : best;
    }

  if (best > 0.0f)
    for (i = 0; i < n; i++)
      if (fabsf (y[i]) == best)
        {
          *where = i;
          break;
        }

  return best;
}

static void
process_block (TmTruePeak  *self,
               const float *interleaved,
               gsize        frames)
{
  for (guint ch = 0; ch < self->channels; ch++)
    {
      float *buf = self->history + (gsize) ch * (TAPS - 1 + BLOCK);

      for (gsize i = 0; i < frames; i++)
        {
          float x = interleaved[i * self->channels + ch];

          buf[TAPS - 1 + i] = x;
          /* The sample peak counts too: max(true peak, sample peak). */
          if (fabsf (x) > self->peak)
            {
              self->peak = fabsf (x);
              self->peak_frame = self->frames_done + i;
            }
        }

      /* A segment none of whose outputs can beat the peak so far is skipped
       * (exact, as |y| <= max|x| * sum|h|): quiet passages, and the parts of
       * each wave away from its crest. */
      if (self->factor > 1)
        for (gsize seg = 0; seg < frames; seg += SEGMENT)
          {
            gsize n = MIN (SEGMENT, frames - seg);

                        if (output_bound (buf + seg, n + TAPS - 1, self->gain_bound) <= self->peak)
              continue;

            /* Phase 0 falls on the samples themselves (the sinc is zero at every
             * other whole offset): the sample peak already has it. */
            for (guint p = 1; p < self->factor; p++)
              {
                gsize where = 0;
                float best = phase_max (buf + seg, self->coefficients[p], self->output, n,
                                        &where);

                if (best > self->peak)
                  {
                    self->peak = best;
                    /* The filter's delay is half its length. */
                    self->peak_frame = self->frames_done + seg + where
                                       - MIN (seg + where, TAPS / 2 - 1);
                  }
              }
          }

      memmove (buf, buf + frames, (TAPS - 1) * sizeof (float));
    }

  self->frames_done += frames;
}

void
tm_true_peak_process (TmTruePeak  *self,
                      const float *interleaved,
                      gsize        frames)
{
  while (frames > 0)
    {
      gsize n = MIN (frames, BLOCK);

      process_block (self, interleaved, n);
      interleaved += n * self->channels;
      frames -= n;
    }
}

/**
 * tm_true_peak_get_peak:
 * @frame: (out) (optional): about where it is, in frames from the start
 *
 * Returns: the true peak as a linear amplitude (1.0 is full scale)
 */
double
tm_true_peak_get_peak (TmTruePeak *self,
                       guint64    *frame)
{
  if (frame != NULL)
    *frame = self->peak_frame;
  return self->peak;
}
