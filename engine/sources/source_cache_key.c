/* source_cache_key.c: the key of a source's cache file; see source_cache_key.h.
 * Each input is hashed as its name, a NUL, its length and its bytes, so no two
 * different lists of inputs give the same stream of bytes. */
#include "source_cache_key.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include "grow.h"
#include "sustain_version.h"

/* The length that marks a NULL text or an absent file. */
#define ABSENT UINT64_MAX

/* Whether two states of a file are the same file, unchanged. */
static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

int source_cache_digests_init(source_cache_digests *digests) {
  *digests = (source_cache_digests){0};
  digests->ready = pthread_mutex_init(&digests->lock, NULL) == 0;
  return digests->ready ? 0 : -1;
}

void source_cache_digests_free(source_cache_digests *digests) {
  free(digests->items);
  if (digests->ready) pthread_mutex_destroy(&digests->lock);
  *digests = (source_cache_digests){0};
}

/* The digest kept for this file, unchanged, into out; 0 when there is one. */
static int kept_digest(source_cache_digests *kept, const struct stat *st, unsigned char *out) {
  int found = 0;
  pthread_mutex_lock(&kept->lock);
  for (size_t i = 0; i < kept->count && !found; i++)
    if (same_file(&kept->items[i].file, st)) {
      memcpy(out, kept->items[i].digest, TABLE_CACHE_KEY_SIZE);
      found = 1;
    }
  pthread_mutex_unlock(&kept->lock);
  return found ? 0 : -1;
}

/* Keeps a file's digest for the rest of the run (when memory allows). */
static void keep_digest(source_cache_digests *kept, const struct stat *st,
                        const unsigned char *digest) {
  pthread_mutex_lock(&kept->lock);
  if (GROW(&kept->items, &kept->capacity, kept->count + 1) == 0) {
    kept->items[kept->count].file = *st;
    memcpy(kept->items[kept->count++].digest, digest, TABLE_CACHE_KEY_SIZE);
  }
  pthread_mutex_unlock(&kept->lock);
}

int source_cache_key_init(source_cache_key *key, source_cache_digests *digests) {
  *key = (source_cache_key){.digests = digests};
  key->state = XXH3_createState();
  if (!key->state || XXH3_128bits_reset(key->state) != XXH_OK) {
    XXH3_freeState(key->state);
    key->state = NULL;
    return -1;
  }
  source_cache_key_text(key, "format", "sustain source cache");
  source_cache_key_number(key, "format version", TABLE_CACHE_FORMAT);
  return 0;
}

static void add(source_cache_key *key, const char *name, const void *bytes, uint64_t length) {
  if (!key->state) return;
  int ok = XXH3_128bits_update(key->state, name, strlen(name) + 1) == XXH_OK &&
           XXH3_128bits_update(key->state, &length, sizeof length) == XXH_OK &&
           (length == ABSENT || XXH3_128bits_update(key->state, bytes, length) == XXH_OK);
  if (!ok) key->failed = 1;
}

void source_cache_key_text(source_cache_key *key, const char *name, const char *value) {
  add(key, name, value, value ? strlen(value) : ABSENT);
}

void source_cache_key_number(source_cache_key *key, const char *name, long long value) {
  add(key, name, &value, sizeof value);
}


/* Bytes of a file mapped at once while it is hashed: a window, so that hashing a
 * large file adds little to the run's peak memory. A multiple of the page size. */
#define HASH_WINDOW (16u << 20)

/* The 128-bit hash of the size bytes of the file open as fd. */
static int hash_bytes(int fd, uint64_t size, XXH128_hash_t *out) {
  XXH3_state_t *state = XXH3_createState();
  int status = state && XXH3_128bits_reset(state) == XXH_OK ? 0 : -1;
  for (uint64_t at = 0; status == 0 && at < size; at += HASH_WINDOW) {
    size_t length = size - at < HASH_WINDOW ? (size_t)(size - at) : HASH_WINDOW;
    void *bytes = mmap(NULL, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, (off_t)at);
    if (bytes == MAP_FAILED) {
      status = -1;
      break;
    }
    if (XXH3_128bits_update(state, bytes, length) != XXH_OK) status = -1;
    munmap(bytes, length);
  }
  if (status == 0) *out = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  return status;
}

/* The 128-bit hash of a file's bytes, taken from the run's digests when this
 * file, unchanged, was hashed before; -1 when it cannot be read whole. */
static int hash_file(source_cache_key *key, int fd, const struct stat *st,
                     unsigned char out[TABLE_CACHE_KEY_SIZE]) {
  if (key->digests && kept_digest(key->digests, st, out) == 0) return 0;
  XXH128_hash_t hash;
  if (hash_bytes(fd, (uint64_t)st->st_size, &hash) != 0) return -1;
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  memcpy(out, canonical.digest, TABLE_CACHE_KEY_SIZE);
  if (key->digests) keep_digest(key->digests, st, out);
  return 0;
}

/* Keeps what a file was when hashed (st NULL: absent), to see later whether it changed. */
static int remember(source_cache_key *key, const char *path, const struct stat *st,
                    const unsigned char *digest) {
  if (key->file_count == SOURCE_CACHE_KEY_FILES ||
      !(key->paths[key->file_count] = strdup(path)))
    return -1;
  key->files[key->file_count] = st ? *st : (struct stat){.st_nlink = 0};
  if (digest) memcpy(key->hashed[key->file_count], digest, TABLE_CACHE_KEY_SIZE);
  key->file_count++;
  return 0;
}

void source_cache_key_file(source_cache_key *key, const char *name, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT && remember(key, path, NULL, NULL) == 0) add(key, name, NULL, ABSENT);
    else key->failed = 1;
    return;
  }
  struct stat st;
  unsigned char digest[TABLE_CACHE_KEY_SIZE];
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || hash_file(key, fd, &st, digest) != 0 ||
      remember(key, path, &st, digest) != 0)
    key->failed = 1;
  else
    add(key, name, digest, sizeof digest);
  close(fd);
}

/* Finds the GNU build id of the loaded object that holds this code. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *context) {
  (void)size;
  source_cache_key *key = context;
  uintptr_t here = (uintptr_t)(void *)source_cache_key_engine, base = info->dlpi_addr;
  int holds = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    holds |= ph->p_type == PT_LOAD && here >= base + ph->p_vaddr &&
             here < base + ph->p_vaddr + ph->p_memsz;
  }
  if (!holds) return 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE) continue;
    const unsigned char *note = (const unsigned char *)(base + ph->p_vaddr);
    const unsigned char *end = note + ph->p_memsz;
    while (note + sizeof(ElfW(Nhdr)) <= end) {
      const ElfW(Nhdr) *header = (const ElfW(Nhdr) *)note;
      const unsigned char *name = note + sizeof *header;
      const unsigned char *desc = name + ((header->n_namesz + 3) & ~3u);
      if (header->n_type == NT_GNU_BUILD_ID && header->n_namesz == 4 &&
          memcmp(name, "GNU", 4) == 0 && desc + header->n_descsz <= end) {
        add(key, "engine build id", desc, header->n_descsz);
        return 1;
      }
      note = desc + ((header->n_descsz + 3) & ~3u);
    }
  }
  return -1; /* the object that holds this code, without a build id */
}

void source_cache_key_engine(source_cache_key *key) {
  source_cache_key_text(key, "engine version", SUSTAIN_VERSION);
  if (dl_iterate_phdr(find_build_id, key) != 1)
    source_cache_key_file(key, "engine program", "/proc/self/exe");
}

int source_cache_key_finish(source_cache_key *key, unsigned char out[TABLE_CACHE_KEY_SIZE]) {
  if (!key->state || key->failed) return -1;
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(key->state));
  memcpy(out, canonical.digest, TABLE_CACHE_KEY_SIZE);
  return 0;
}

void source_cache_key_release(source_cache_key *key) {
  XXH3_freeState(key->state);
  for (size_t i = 0; i < key->file_count; i++) free(key->paths[i]);
  *key = (source_cache_key){0};
}

/* Whether the file at path now is as kept[i] says it was. */
static int file_unchanged(const source_cache_key *key, size_t i) {
  int fd = open(key->paths[i], O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT && key->files[i].st_nlink == 0;
  struct stat now;
  unsigned char digest[TABLE_CACHE_KEY_SIZE];
  source_cache_key fresh = {0}; /* hashes without the run's digests */
  int same = fstat(fd, &now) == 0 && S_ISREG(now.st_mode);
  if (same && key->files[i].st_nlink == 0)
    same = now.st_size == 0; /* made empty by a reader, as SQLite makes its log */
  else if (same && !same_file(&now, &key->files[i]))
    same = hash_file(&fresh, fd, &now, digest) == 0 &&
           memcmp(digest, key->hashed[i], TABLE_CACHE_KEY_SIZE) == 0;
  close(fd);
  return same;
}

int source_cache_key_files_unchanged(const source_cache_key *key) {
  for (size_t i = 0; i < key->file_count; i++)
    if (!file_unchanged(key, i)) return 0;
  return 1;
}
