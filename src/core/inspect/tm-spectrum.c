/* tm-spectrum.c: where a file's sound stops, from its long-term spectrum
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Music thins out towards the top of the spectrum gradually; it does not stop.
 * A master whose sound stops at a wall, tens of decibels within a few hundred
 * hertz, and stays silent up to the Nyquist frequency was filtered there: by a
 * resampler (a 22.05 kHz file stored at 44.1 kHz stops at 11 kHz) or by a lossy
 * encoder (MP3 and AAC encoders cut near 16 kHz at common bit rates). This finds
 * that wall in the power spectrum averaged over the whole file.
 *
 * An eighth of the audio is enough for an average and costs an eighth: pairs of
 * Hann windows of SPECTRUM_N samples of the channels' mean are taken, then seven
 * times as many samples skipped (at 44.1 kHz, 93 ms of every 743 ms). Two real windows go through one complex FFT (one as the real
 * part, one as the imaginary part) and are told apart by symmetry. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tm-spectrum.h"

#define SPECTRUM_N 2048
#define SPECTRUM_LOG2_N 11
#define BAND_HZ 250.0
#define SCAN_FROM_HZ 9000.0     /* below this, a wall is a sound's own shape */
#define BELOW_BANDS 4           /* the level before a wall: its quietest 1 kHz */
#define WALL_DB 30.0            /* how far everything after it must lie below */
#define RANGE_DB 90.0           /* ... and how far the level before it may lie below the loudest */
#define MIN_PAIRS 6

struct _TmSpectrum
{
  guint    channels;
  guint    rate;
  float    window[SPECTRUM_N];
  double   cos_table[SPECTRUM_N / 2];
  double   sin_table[SPECTRUM_N / 2];
  guint16  reversed[SPECTRUM_N];
  float    pending[2 * SPECTRUM_N];   /* the channels' mean, two windows */
  guint    n_pending;
  gsize    skip;                      /* frames to pass over before the next pair */
  double   power[SPECTRUM_N / 2 + 1];
  guint64  pairs;
  double   re[SPECTRUM_N];
  double   im[SPECTRUM_N];
};

TmSpectrum *
tm_spectrum_new (guint channels,
                 guint rate)
{
  TmSpectrum *self = g_new0 (TmSpectrum, 1);

  self->channels = MAX (channels, 1);
  self->rate = rate;
  for (guint i = 0; i < SPECTRUM_N; i++)
    {
      guint r = 0;

      self->window[i] = (float) (0.5 - 0.5 * cos (2.0 * G_PI * i / SPECTRUM_N));
      for (guint b = 0; b < SPECTRUM_LOG2_N; b++)
        r |= ((i >> b) & 1) << (SPECTRUM_LOG2_N - 1 - b);
      self->reversed[i] = (guint16) r;
    }
  for (guint i = 0; i < SPECTRUM_N / 2; i++)
    {
      self->cos_table[i] = cos (2.0 * G_PI * i / SPECTRUM_N);
      self->sin_table[i] = -sin (2.0 * G_PI * i / SPECTRUM_N);
    }
  return self;
}

void
tm_spectrum_free (TmSpectrum *self)
{
  g_free (self);
}

/* An in-place radix-2 FFT of re + i·im. */
static void
fft (TmSpectrum *self)
{
  double *re = self->re, *im = self->im;

  for (guint i = 0; i < SPECTRUM_N; i++)
    {
      guint j = self->reversed[i];

      if (j > i)
        {
          double t = re[i];

          re[i] = re[j];
          re[j] = t;
          t = im[i];
          im[i] = im[j];
          im[j] = t;
        }
    }

  for (guint size = 2; size <= SPECTRUM_N; size <<= 1)
    {
      guint half = size / 2, step = SPECTRUM_N / size;

      for (guint start = 0; start < SPECTRUM_N; start += size)
        for (guint k = 0; k < half; k++)
          {
            double wr = self->cos_table[k * step], wi = self->sin_table[k * step];
            guint a = start + k, b = a + half;
            double tr = wr * re[b] - wi * im[b];
            double ti = wr * im[b] + wi * re[b];

            re[b] = re[a] - tr;
            im[b] = im[a] - ti;
            re[a] += tr;
            im[a] += ti;
          }
    }
}

static void
transform_pair (TmSpectrum *self)
{
  for (guint i = 0; i < SPECTRUM_N; i++)
    {
      self->re[i] = self->pending[i] * self->window[i];
      self->im[i] = self->pending[SPECTRUM_N + i] * self->window[i];
    }
  fft (self);

  /* X = A + iB for real a and b: A[k] = (X[k] + X*[N-k]) / 2, B[k] = (X[k] - X*[N-k]) / 2i. */
  for (guint k = 0; k <= SPECTRUM_N / 2; k++)
    {
      guint n = (SPECTRUM_N - k) % SPECTRUM_N;
      double xr = self->re[k], xi = self->im[k], yr = self->re[n], yi = self->im[n];
      double ar = xr + yr, ai = xi - yi, br = xi + yi, bi = xr - yr;

      self->power[k] += 0.25 * (ar * ar + ai * ai + br * br + bi * bi);
    }
  self->pairs++;
}

void
tm_spectrum_process (TmSpectrum  *self,
                     const float *x,
                     gsize        frames)
{
  const guint channels = self->channels;
  const float scale = 1.0f / channels;

  while (frames > 0)
    {
      gsize n;

      if (self->skip > 0)
        {
          n = MIN (self->skip, frames);
          self->skip -= n;
          x += n * channels;
          frames -= n;
          continue;
        }

      n = MIN (2 * SPECTRUM_N - self->n_pending, frames);
      for (gsize i = 0; i < n; i++)
        {
          float sum = 0;

          for (guint c = 0; c < channels; c++)
            sum += x[i * channels + c];
          self->pending[self->n_pending + i] = sum * scale;
        }
      self->n_pending += n;
      x += n * channels;
      frames -= n;

      if (self->n_pending == 2 * SPECTRUM_N)
        {
          transform_pair (self);
          self->n_pending = 0;
          self->skip = 14 * SPECTRUM_N;
        }
    }
}

static double
level (double power)
{
  return 10.0 * log10 (power + 1e-30);
}

/**
 * tm_spectrum_get_cutoff:
 * @drop_db: (out) (optional): how far the sound falls at the wall
 *
 * Returns: the frequency in hertz where the sound stops at a wall and stays
 *   silent up to the Nyquist frequency, or NAN when it does not (or too little
 *   was heard to say).
 */
double
tm_spectrum_get_cutoff (TmSpectrum *self,
                        double     *drop_db)
{
  double bin_hz = (double) self->rate / SPECTRUM_N;
  guint per_band = MAX (1, (guint) round (BAND_HZ / bin_hz));
  guint n_bands = 0, first;
  double loudest = -INFINITY;
  g_autofree double *bands = NULL;
  g_autofree double *after = NULL;

  if (drop_db != NULL)
    *drop_db = NAN;
  if (self->pairs < MIN_PAIRS)
    return NAN;

  /* Bands that lie wholly below 98% of the Nyquist frequency (bin 0, DC, left out). */
  while ((1 + (n_bands + 1) * per_band) * bin_hz <= 0.98 * self->rate / 2.0)
    n_bands++;
  first = (guint) ceil (SCAN_FROM_HZ / (per_band * bin_hz));
  if (n_bands < first + 3 || first < BELOW_BANDS)
    return NAN;

  bands = g_new (double, n_bands);
  for (guint j = 0; j < n_bands; j++)
    {
      double sum = 0;

      for (guint k = 1 + j * per_band; k < 1 + (j + 1) * per_band; k++)
        sum += self->power[k];
      bands[j] = level (sum);
      loudest = MAX (loudest, bands[j]);
    }

  /* The loudest band from each band up. */
  after = g_new (double, n_bands + 1);
  after[n_bands] = -INFINITY;
  for (guint j = n_bands; j-- > 0;)
    after[j] = MAX (bands[j], after[j + 1]);

  /* The first band (the wall's own, left out) before which the last 1 kHz is
   * loud throughout and after which everything is far quieter. */
  for (guint j = first; j + 2 < n_bands; j++)
    {
      double before = INFINITY;

      for (guint b = j - BELOW_BANDS; b < j; b++)
        before = MIN (before, bands[b]);
      if (before - after[j + 1] >= WALL_DB && before >= loudest - RANGE_DB)
        {
          if (drop_db != NULL)
            *drop_db = before - after[j + 1];
          return (1 + (j + 0.5) * per_band) * bin_hz;
        }
    }

  return NAN;
}
