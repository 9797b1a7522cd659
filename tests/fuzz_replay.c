/* fuzz_replay.c: runs every file of tests/fuzz_corpus through the fuzz
 * target (make check builds this without libFuzzer). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void) {
    const char *top = getenv("top_srcdir");
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s/tests/fuzz_corpus", top ? top : ".");
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "SKIP: no corpus at %s\n", dir);
        return 77;
    }
    int runs = 0;
    struct dirent *e;
    static uint8_t buf[1 << 20];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (f == NULL) continue;
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        runs++;
    }
    closedir(d);
    printf("%d corpus inputs replayed\n", runs);
    return runs > 0 ? 0 : 99;
}
