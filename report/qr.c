/* qr.c -- a QR code drawn with cairo (report_draw.h), encoded by
 * libqrencode: the posters carry one with the address of the commune's
 * calendar, so a phone subscribes by scanning it.  Error correction
 * level M, 8-bit mode (any URL), a quiet zone of 4 modules as the
 * standard asks. */
#include <errno.h>
#include <qrencode.h>

#include "report_draw.h"

enum status report_qr_draw(cairo_t *cr, const char *text, double x, double y,
                           double size, struct diag *err)
{
    errno = 0;
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return errno == ENOMEM
                   ? diag_set(err, STATUS_NOMEM, NULL, 0, 0, NULL, "out of memory")
                   : diag_set(err, STATUS_INVALID, NULL, 0, 0, NULL,
                              "the address \"%s\" cannot be put in a QR code", text);
    int quiet = 4, n = q->width + 2 * quiet;
    double mod = size / n;
    cairo_save(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(cr, x + (c + quiet) * mod, y + (r + quiet) * mod,
                                mod, mod);
    cairo_fill(cr);
    cairo_restore(cr);
    QRcode_free(q);
    return STATUS_OK;
}
