// libFuzzer target for the facts CSV reader: the input replaces facts/revenue.csv of a small
// valid exhibition, which is then loaded with the kiosk's own loader.
#define KIOSK_FUZZ_ONLY_TARGET 4
#include "fuzz_content_parser.cpp"
