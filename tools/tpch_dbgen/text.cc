#include "text.h"

#include <array>

namespace blueshift::tpch {
namespace {

constexpr std::array<std::string_view, 92> kColors = {
    "almond",   "antique", "aquamarine", "azure",     "beige",      "bisque",    "black",     "blanched", "blue",
    "blush",    "brown",   "burlywood",  "burnished", "chartreuse", "chiffon",   "chocolate", "coral",    "cornflower",
    "cornsilk", "cream",   "cyan",       "dark",      "deep",       "dim",       "dodger",    "drab",     "firebrick",
    "floral",   "forest",  "frosted",    "gainsboro", "ghost",      "goldenrod", "green",     "grey",     "honeydew",
    "hot",      "indian",  "ivory",      "khaki",     "lace",       "lavender",  "lawn",      "lemon",    "light",
    "lime",     "linen",   "magenta",    "maroon",    "medium",     "metallic",  "midnight",  "mint",     "misty",
    "moccasin", "navajo",  "navy",       "olive",     "orange",     "orchid",    "pale",      "papaya",   "peach",
    "peru",     "pink",    "plum",       "powder",    "puff",       "purple",    "red",       "rose",     "rosy",
    "royal",    "saddle",  "salmon",     "sandy",     "seashell",   "sienna",    "sky",       "slate",    "smoke",
    "snow",     "spring",  "steel",      "tan",       "thistle",    "tomato",    "turquoise", "violet",   "wheat",
    "white",    "yellow"};

constexpr std::array<std::string_view, 6> kTypeS1 = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
constexpr std::array<std::string_view, 5> kTypeS2 = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
constexpr std::array<std::string_view, 5> kTypeS3 = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
constexpr std::array<std::string_view, 5> kContainerS1 = {"SM", "LG", "MED", "JUMBO", "WRAP"};
constexpr std::array<std::string_view, 8> kContainerS2 = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
constexpr std::array<std::string_view, 5> kSegments = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
constexpr std::array<std::string_view, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
constexpr std::array<std::string_view, 4> kInstructs = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
constexpr std::array<std::string_view, 7> kModes = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};

template <size_t N>
std::string_view PickFrom(const std::array<std::string_view, N>& list, Random& rng) {
  return list[rng.Uniform(0, N - 1)];
}

const WeightedList& Nouns() {
  static const WeightedList list{
      {"packages", 40},   {"requests", 40},    {"accounts", 40},    {"deposits", 40},     {"foxes", 20},
      {"ideas", 20},      {"theodolites", 20}, {"pinto beans", 20}, {"instructions", 20}, {"dependencies", 10},
      {"excuses", 10},    {"platelets", 10},   {"asymptotes", 10},  {"courts", 5},        {"dolphins", 5},
      {"multipliers", 1}, {"sauternes", 1},    {"warthogs", 1},     {"frets", 1},         {"dinos", 1},
      {"attainments", 1}, {"somas", 1},        {"Tiresias", 1},     {"patterns", 1},      {"forges", 1},
      {"braids", 1},      {"frays", 1},        {"warhorses", 1},    {"dugouts", 1},       {"notornis", 1},
      {"epitaphs", 1},    {"pearls", 1},       {"tithes", 1},       {"waters", 1},        {"orbits", 1},
      {"gifts", 1},       {"sheaves", 1},      {"depths", 1},       {"sentiments", 1},    {"decoys", 1},
      {"realms", 1},      {"pains", 1},        {"grouches", 1},     {"escapades", 1},     {"hockey players", 1}};
  return list;
}

const WeightedList& Verbs() {
  static const WeightedList list{
      {"sleep", 20}, {"wake", 20},   {"are", 20},   {"cajole", 20},   {"haggle", 20},  {"nag", 10},    {"use", 10},
      {"boost", 10}, {"affix", 5},   {"detect", 5}, {"integrate", 5}, {"maintain", 1}, {"nod", 1},     {"was", 1},
      {"lose", 1},   {"sublate", 1}, {"solve", 1},  {"thrash", 1},    {"promise", 1},  {"engage", 1},  {"hinder", 1},
      {"print", 1},  {"x-ray", 1},   {"breach", 1}, {"eat", 1},       {"grow", 1},     {"impress", 1}, {"mold", 1},
      {"poach", 1},  {"serve", 1},   {"run", 1},    {"dazzle", 1},    {"snooze", 1},   {"doze", 1},    {"unwind", 1},
      {"kindle", 1}, {"play", 1},    {"hang", 1},   {"believe", 1},   {"doubt", 1}};
  return list;
}

const WeightedList& Adjectives() {
  static const WeightedList list{{"special", 20}, {"pending", 20}, {"unusual", 20}, {"express", 20}, {"furious", 1},
                                 {"sly", 1},      {"careful", 1},  {"blithe", 1},   {"quick", 1},    {"fluffy", 1},
                                 {"slow", 1},     {"quiet", 1},    {"ruthless", 1}, {"thin", 1},     {"close", 1},
                                 {"dogged", 1},   {"daring", 1},   {"brave", 1},    {"stealthy", 1}, {"permanent", 1},
                                 {"enticing", 1}, {"idle", 1},     {"busy", 1},     {"regular", 50}, {"final", 40},
                                 {"ironic", 40},  {"even", 30},    {"bold", 20},    {"silent", 10}};
  return list;
}

const WeightedList& Adverbs() {
  static const WeightedList list{
      {"sometimes", 1},   {"always", 1},     {"never", 1},     {"furiously", 50}, {"slyly", 50},    {"carefully", 50},
      {"blithely", 40},   {"quickly", 30},   {"fluffily", 20}, {"slowly", 1},     {"quietly", 1},   {"ruthlessly", 1},
      {"thinly", 1},      {"closely", 1},    {"doggedly", 1},  {"daringly", 1},   {"bravely", 1},   {"stealthily", 1},
      {"permanently", 1}, {"enticingly", 1}, {"idly", 1},      {"busily", 1},     {"regularly", 1}, {"finally", 1},
      {"ironically", 1},  {"evenly", 1},     {"boldly", 1},    {"silently", 1}};
  return list;
}

const WeightedList& Prepositions() {
  static const WeightedList list{{"about", 50},
                                 {"above", 50},
                                 {"according to", 50},
                                 {"across", 50},
                                 {"after", 50},
                                 {"against", 40},
                                 {"along", 40},
                                 {"alongside of", 30},
                                 {"among", 30},
                                 {"around", 20},
                                 {"at", 10},
                                 {"atop", 1},
                                 {"before", 1},
                                 {"behind", 1},
                                 {"beneath", 1},
                                 {"beside", 1},
                                 {"besides", 1},
                                 {"between", 1},
                                 {"beyond", 1},
                                 {"by", 1},
                                 {"despite", 1},
                                 {"during", 1},
                                 {"except", 1},
                                 {"for", 1},
                                 {"from", 1},
                                 {"in place of", 1},
                                 {"inside", 1},
                                 {"instead of", 1},
                                 {"into", 1},
                                 {"near", 1},
                                 {"of", 1},
                                 {"on", 1},
                                 {"outside", 1},
                                 {"over", 1},
                                 {"past", 1},
                                 {"since", 1},
                                 {"through", 1},
                                 {"throughout", 1},
                                 {"to", 1},
                                 {"toward", 1},
                                 {"under", 1},
                                 {"until", 1},
                                 {"up", 1},
                                 {"upon", 1},
                                 {"without", 1},
                                 {"with", 1},
                                 {"within", 1}};
  return list;
}

const WeightedList& Auxiliaries() {
  static const WeightedList list{
      {"do", 1},           {"may", 1},          {"might", 1},         {"shall", 1},         {"will", 1},
      {"would", 1},        {"can", 1},          {"could", 1},         {"should", 1},        {"ought to", 1},
      {"must", 1},         {"will have to", 1}, {"shall have to", 1}, {"could have to", 1}, {"should have to", 1},
      {"must have to", 1}, {"need to", 1},      {"try to", 1}};
  return list;
}

const WeightedList& Terminators() {
  static const WeightedList list{{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1}};
  return list;
}

void AppendWord(std::string& out, std::string_view word) {
  if (!out.empty() && out.back() != ' ') out.push_back(' ');
  out.append(word);
}

// noun phrase: noun | adjective noun | adjective, adjective noun | adverb adjective noun
void AppendNounPhrase(Random& rng, std::string& out) {
  const int form = static_cast<int>(rng.Uniform(0, 89));
  if (form < 10) {
    AppendWord(out, Nouns().Pick(rng));
  } else if (form < 30) {
    AppendWord(out, Adjectives().Pick(rng));
    AppendWord(out, Nouns().Pick(rng));
  } else if (form < 40) {
    AppendWord(out, Adjectives().Pick(rng));
    out.push_back(',');
    AppendWord(out, Adjectives().Pick(rng));
    AppendWord(out, Nouns().Pick(rng));
  } else {
    AppendWord(out, Adverbs().Pick(rng));
    AppendWord(out, Adjectives().Pick(rng));
    AppendWord(out, Nouns().Pick(rng));
  }
}

// verb phrase: verb | auxiliary verb | verb adverb | auxiliary verb adverb
void AppendVerbPhrase(Random& rng, std::string& out) {
  const int form = static_cast<int>(rng.Uniform(0, 71));
  if (form >= 30 && form < 31) AppendWord(out, Auxiliaries().Pick(rng));
  if (form == 71) AppendWord(out, Auxiliaries().Pick(rng));
  AppendWord(out, Verbs().Pick(rng));
  if (form >= 31) AppendWord(out, Adverbs().Pick(rng));
}

void AppendPrepositionalPhrase(Random& rng, std::string& out) {
  AppendWord(out, Prepositions().Pick(rng));
  AppendWord(out, "the");
  AppendWord(out, Nouns().Pick(rng));
}

// sentence: N V T | N V P T | N V N T | N P V N T | N P V P T, weighted 3:3:3:1:1.
void AppendSentence(Random& rng, std::string& out) {
  const int form = static_cast<int>(rng.Uniform(0, 10));
  AppendNounPhrase(rng, out);
  if (form >= 9) AppendPrepositionalPhrase(rng, out);
  AppendVerbPhrase(rng, out);
  if (form >= 3 && form < 6) AppendPrepositionalPhrase(rng, out);
  if (form >= 6 && form < 10) AppendNounPhrase(rng, out);
  if (form == 10) AppendPrepositionalPhrase(rng, out);
  out.append(Terminators().Pick(rng));
  out.push_back(' ');
}

}  // namespace

WeightedList::WeightedList(std::initializer_list<Entry> entries) : entries_(entries) {
  for (const Entry& e : entries_) total_ += e.weight;
}

std::string_view WeightedList::Pick(Random& rng) const {
  int r = static_cast<int>(rng.Uniform(0, total_ - 1));
  for (const Entry& e : entries_) {
    if (r < e.weight) return e.word;
    r -= e.weight;
  }
  return entries_.back().word;
}

TextPool::TextPool(size_t size, uint64_t seed) {
  Random rng(seed);
  pool_.reserve(size + 200);
  while (pool_.size() < size) AppendSentence(rng, pool_);
  pool_.resize(size);
}

std::string_view TextPool::Comment(Random& rng, int min_len, int max_len) const {
  const size_t len = static_cast<size_t>(rng.Uniform(min_len, max_len));
  const size_t offset = static_cast<size_t>(rng.Uniform(0, static_cast<int64_t>(pool_.size() - len)));
  return std::string_view(pool_).substr(offset, len);
}

std::string_view PickColor(Random& rng) {
  return PickFrom(kColors, rng);
}
int ColorCount() {
  return static_cast<int>(kColors.size());
}
std::string_view PickTypeSyllable(Random& rng, int which) {
  if (which == 0) return PickFrom(kTypeS1, rng);
  return which == 1 ? PickFrom(kTypeS2, rng) : PickFrom(kTypeS3, rng);
}
std::string_view PickContainerSyllable(Random& rng, int which) {
  return which == 0 ? PickFrom(kContainerS1, rng) : PickFrom(kContainerS2, rng);
}
std::string_view PickSegment(Random& rng) {
  return PickFrom(kSegments, rng);
}
std::string_view PickPriority(Random& rng) {
  return PickFrom(kPriorities, rng);
}
std::string_view PickShipInstruct(Random& rng) {
  return PickFrom(kInstructs, rng);
}
std::string_view PickShipMode(Random& rng) {
  return PickFrom(kModes, rng);
}

void AppendVString(Random& rng, int min_len, int max_len, std::string& out) {
  static constexpr std::string_view kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,. ";
  const int len = static_cast<int>(rng.Uniform(min_len, max_len));
  for (int i = 0; i < len; ++i) out.push_back(kAlphabet[rng.Uniform(0, kAlphabet.size() - 1)]);
}

const Nation kNations[25] = {
    {"ALGERIA", 0},      {"ARGENTINA", 1},  {"BRAZIL", 1},  {"CANADA", 1},         {"EGYPT", 4},
    {"ETHIOPIA", 0},     {"FRANCE", 3},     {"GERMANY", 3}, {"INDIA", 2},          {"INDONESIA", 2},
    {"IRAN", 4},         {"IRAQ", 4},       {"JAPAN", 2},   {"JORDAN", 4},         {"KENYA", 0},
    {"MOROCCO", 0},      {"MOZAMBIQUE", 0}, {"PERU", 1},    {"CHINA", 2},          {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2},    {"RUSSIA", 3},  {"UNITED KINGDOM", 3}, {"UNITED STATES", 1}};

const std::string_view kRegions[5] = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};

}  // namespace blueshift::tpch
