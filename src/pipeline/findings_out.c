/* The findings file, written in batch order (see findings_out.h). */
#include "pipeline/findings_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool cs_findings_out_init(cs_findings_out *o, FILE *out, size_t window)
{
    memset(o, 0, sizeof *o);
    o->out = out;
    o->window = window ? window : 1;
    o->slots = calloc(o->window, sizeof *o->slots);
    o->ready = calloc(o->window, sizeof *o->ready);
    pthread_mutex_init(&o->lock, NULL);
    pthread_cond_init(&o->moved, NULL);
    return o->slots && o->ready;
}

void cs_findings_out_destroy(cs_findings_out *o)
{
    if (o->slots)
        for (size_t i = 0; i < o->window; i++)
            cs_json_buf_free(&o->slots[i]);
    free(o->slots);
    free(o->ready);
    pthread_mutex_destroy(&o->lock);
    pthread_cond_destroy(&o->moved);
    memset(o, 0, sizeof *o);
}

/* Writes every finished batch from `next` on; called with the lock held. */
static void flush_ready(cs_findings_out *o)
{
    size_t s;
    while (o->ready[s = o->next % o->window]) {
        cs_json_buf *b = &o->slots[s];
        if (b->len && !o->write_errno && fwrite(b->data, 1, b->len, o->out) != b->len)
            o->write_errno = errno ? errno : EIO;
        cs_json_buf_reset(b);
        o->ready[s] = false;
        o->next++;
    }
}

bool cs_findings_out_put(cs_findings_out *o, uint64_t order, cs_json_buf *lines)
{
    pthread_mutex_lock(&o->lock);
    while (!o->aborted && order - o->next >= o->window)
        pthread_cond_wait(&o->moved, &o->lock);
    bool ok = !o->aborted;
    if (ok) {
        size_t s = order % o->window;
        cs_json_buf tmp = o->slots[s];
        o->slots[s] = *lines;
        *lines = tmp;
        o->ready[s] = true;
        uint64_t before = o->next;
        flush_ready(o);
        if (o->next != before)
            pthread_cond_broadcast(&o->moved);
        ok = !o->write_errno;
    }
    pthread_mutex_unlock(&o->lock);
    return ok;
}

void cs_findings_out_abort(cs_findings_out *o)
{
    pthread_mutex_lock(&o->lock);
    o->aborted = true;
    pthread_cond_broadcast(&o->moved);
    pthread_mutex_unlock(&o->lock);
}

int cs_findings_out_error(cs_findings_out *o)
{
    pthread_mutex_lock(&o->lock);
    int e = o->write_errno;
    pthread_mutex_unlock(&o->lock);
    return e;
}
