// SPDX-License-Identifier: Apache-2.0
// genesis.json parsing, validation, initial state and header. Expected state roots are rebuilt
// here from the trie's lower-level functions (a one-leaf trie's root is its leaf hash); the header
// encoding and hash of the dev genesis are cross-checked against @ethereumjs/block by
// tests/genesis/check_genesis.mjs (ctest genesis_ethereumjs).
#include "genesis/genesis.hpp"

#include "core/hex.hpp"
#include "core/keccak.hpp"
#include "core/trie/ordered_trie_root.hpp"
#include "core/u256.hpp"
#include "execution/execute_block.hpp"
#include "execution/module_cache.hpp"
#include "execution/native_runtime.hpp"
#include "genesis/hd_key.hpp"
#include "genesis/system_runtimes.hpp"
#include "rwasm/compile.hpp"
#include "rwasm/null_host.hpp"
#include "rwasm/vm.hpp"
#include "rwasm/wasm.hpp"
#include "trie/node.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>

using namespace blend;
using namespace blend::genesis;

namespace {

// A minimal valid genesis around `alloc` and extra top-level fields.
std::string doc(const std::string& alloc = "{}",
                const std::string& extra = "",
                const std::string& config_extra = "")
{
    return R"({"config":{"chainId":7,"homesteadBlock":0,"eip150Block":0,"eip155Block":0,)"
           R"("eip158Block":0,"byzantiumBlock":0,"constantinopleBlock":0,"petersburgBlock":0,)"
           R"("istanbulBlock":0,"berlinBlock":0,"londonBlock":0,"shanghaiTime":0,)"
           R"("cancunTime":0,"pragueTime":0)" +
           config_extra + R"(},"gasLimit":"0x1c9c380",)" + extra + R"("alloc":)" + alloc + "}";
}

GenesisFailure refusal(const std::string& text, const GenesisLimits& limits = {})
{
    auto g = parse_genesis(text, limits);
    REQUIRE_FALSE(g.has_value());
    return g.error();
}

// The EVM runtime's account as every genesis holds it (docs/genesis.md "System runtimes"): the
// embedded artifact at 0x…520001, nonce 0, no balance.
trie::AccountLeaf runtime_leaf()
{
    const BytesView artifact = execution::evm_runtime_artifact();
    REQUIRE_FALSE(artifact.empty());  // the node is always built with its EVM runtime
    trie::AccountLeaf leaf;
    leaf.code_hash = keccak256(artifact);
    leaf.code_size = artifact.size();
    return leaf;
}

// Checks that `b` holds the EVM runtime's account with the artifact's code hash and code.
void check_runtime_account(const GenesisBlock& b)
{
    const trie::AccountLeaf expected = runtime_leaf();
    bool found = false;
    for (const auto& a : b.write_set.accounts)
        if (a.address == execution::kEvmRuntimeAddress) {
            found = true;
            CHECK(a.leaf.code_hash == expected.code_hash);
            CHECK(a.leaf.code_size == expected.code_size);
            CHECK(a.leaf.nonce == 0u);
            CHECK(a.leaf.balance == Hash{});
        }
    CHECK(found);
    const BytesView artifact = execution::evm_runtime_artifact();
    bool code_found = false;
    for (const Bytes& c : b.write_set.codes)
        code_found = code_found || std::equal(c.begin(), c.end(), artifact.begin(), artifact.end());
    CHECK(code_found);
}

// The EIP-4788 and EIP-2935 contracts every genesis holds beside the runtime: nonce 1 (EIP-2935
// "EIP-161 handling"), no balance, the EIPs' bytecode as an EVM contract (the layout itself is
// checked by hand in "alloc EVM code becomes an EVM contract").
std::vector<trie::LeafUpdate> system_leaves()
{
    std::vector<trie::LeafUpdate> out{{trie::account_key(execution::kEvmRuntimeAddress),
                                       trie::account_value_hash(runtime_leaf())}};
    for (const auto& [address, bytecode] :
         {std::pair{execution::kBeaconRootsAddress, execution::beacon_roots_code()},
          std::pair{execution::kHistoryStorageAddress, execution::history_storage_code()}}) {
        const Bytes code = execution::evm_contract_code(bytecode);
        trie::AccountLeaf leaf;
        leaf.nonce = 1;
        leaf.code_hash = keccak256(code);
        leaf.code_size = code.size();
        out.push_back({trie::account_key(address), trie::account_value_hash(leaf)});
    }
    return out;
}

Hash root_of(std::vector<trie::LeafUpdate> leaves)
{
    trie::MemTrie t;
    REQUIRE(t.apply(leaves).has_value());
    return field::fr_to_hash(t.root_hash());
}

Hash block_hash_of(const std::string& text)
{
    auto g = parse_genesis(text);
    REQUIRE(g.has_value());
    auto b = build_genesis(*g);
    REQUIRE(b.has_value());
    return b->hash;
}

}  // namespace

TEST_CASE("genesis: a minimal file parses with geth's defaults", "[genesis]")
{
    auto g = parse_genesis(doc());
    REQUIRE(g.has_value());
    CHECK(g->config.chain_id == 7);
    CHECK(g->gas_limit == 30'000'000);
    CHECK(g->base_fee_per_gas == U256(1'000'000'000));  // EIP-1559 INITIAL_BASE_FEE
    CHECK(g->alloc.empty());
    auto b = build_genesis(*g);
    REQUIRE(b.has_value());
    const Header& h = b->header;
    CHECK(h.number == 0);
    // An empty alloc still holds the EVM runtime and the EIP-4788 / EIP-2935 contracts.
    check_runtime_account(*b);
    REQUIRE(b->write_set.accounts.size() == 3);
    CHECK(h.state_root == root_of(system_leaves()));
    CHECK(h.transactions_root == kEmptyTrieRoot);
    CHECK(h.receipts_root == kEmptyTrieRoot);
    CHECK(h.withdrawals_root == kEmptyTrieRoot);
    CHECK(h.blob_gas_used == 0u);
    CHECK(h.excess_blob_gas == 0u);
    CHECK(h.parent_beacon_block_root == Hash{});
    CHECK(to_hex(*h.requests_hash) ==
          "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");  // sha256("")
    CHECK(header_field_count(h).value() == kPragueHeaderFields);
    const Bytes rlp = encode_header(h).value();
    CHECK(b->hash == keccak256(rlp));
    CHECK(decode_header(rlp).value() == h);
}

TEST_CASE("genesis: alloc EVM code becomes an EVM contract beside the runtime", "[genesis]")
{
    auto g = parse_genesis(
        doc(R"({"0x00000000000000000000000000000000000000aa":{"balance":"1000","nonce":"0x5",)"
            R"("code":"0x6001"}})"));
    REQUIRE(g.has_value());
    auto b = build_genesis(*g);
    REQUIRE(b.has_value());
    const Address a = address_from_hex("0x00000000000000000000000000000000000000aa").value();
    // docs/abi.md §7: EF 44 00 ‖ owner 0x…520001 ‖ 01 ‖ u32 BE n = 2 ‖ 60 01 ‖ bitmap (1 byte, no
    // JUMPDEST), written out here rather than taken from evm_contract_code.
    Bytes code{0xef, 0x44, 0x00};
    // The owner is the EVM runtime's address as docs/abi.md §7 writes it (Fluent's number).
    const Address owner = address_from_hex("0x0000000000000000000000000000000000520001").value();
    REQUIRE(owner == execution::kEvmRuntimeAddress);
    code.insert(code.end(), owner.bytes.begin(), owner.bytes.end());
    for (uint8_t byte : {0x01, 0x00, 0x00, 0x00, 0x02, 0x60, 0x01, 0x00})
        code.push_back(byte);
    const BytesView shown = execution::visible_code(code);
    CHECK(Bytes(shown.begin(), shown.end()) == Bytes{0x60, 0x01});
    trie::AccountLeaf leaf;
    leaf.nonce = 5;
    leaf.balance = to_hash(U256(1000));
    leaf.code_hash = keccak256(code);
    leaf.code_size = code.size();
    // Two leaves: the root is rebuilt from the expected leaves in a fresh trie.
    std::vector<trie::LeafUpdate> leaves = system_leaves();
    leaves.push_back({trie::account_key(a), trie::account_value_hash(leaf)});
    CHECK(b->state_root == root_of(leaves));
    REQUIRE(b->write_set.accounts.size() == 4);
    CHECK(b->write_set.accounts[0].address == a);  // sorted by address: 0xaa first
    CHECK(b->write_set.accounts[0].leaf.code_hash == leaf.code_hash);
    CHECK(b->write_set.accounts[0].leaf.code_size == leaf.code_size);
    check_runtime_account(*b);
    REQUIRE(b->write_set.codes.size() == 4);
    CHECK(std::find(b->write_set.codes.begin(), b->write_set.codes.end(), code) !=
          b->write_set.codes.end());
}

TEST_CASE("genesis: zero storage values are no slots; codes are stored once", "[genesis]")
{
    auto g = parse_genesis(
        doc(R"({"0x00000000000000000000000000000000000000aa":{"balance":"0","code":"0x00",)"
            R"("storage":{"0x01":"0x00","0x02":"0x2a"}},)"
            R"("0x00000000000000000000000000000000000000bb":{"balance":"0","code":"0x00"}})"));
    REQUIRE(g.has_value());
    auto b = build_genesis(*g);
    REQUIRE(b.has_value());
    CHECK(b->write_set.accounts.size() == 5);  // aa, bb, the EVM runtime, EIP-4788, EIP-2935
    check_runtime_account(*b);
    REQUIRE(b->write_set.slots.size() == 1);
    CHECK(b->write_set.slots[0].value == to_hash(U256(0x2a)));
    // aa's and bb's shared contract, the runtime, and the two system contracts.
    CHECK(b->write_set.codes.size() == 4);
    CHECK(b->write_set.leaf_updates().size() == 6);

    // The zero slot changes nothing: the same file without it has the same root.
    auto without = parse_genesis(
        doc(R"({"0x00000000000000000000000000000000000000aa":{"balance":"0","code":"0x00",)"
            R"("storage":{"0x02":"0x2a"}},)"
            R"("0x00000000000000000000000000000000000000bb":{"balance":"0","code":"0x00"}})"));
    REQUIRE(without.has_value());
    CHECK(build_genesis(*without)->state_root == b->state_root);
}

TEST_CASE("genesis: the hash does not depend on key order, whitespace or spelling", "[genesis]")
{
    const Hash reference = block_hash_of(
        doc(R"({"0x00000000000000000000000000000000000000aa":{"balance":"0x10","nonce":"1",)"
            R"("storage":{"0x0000000000000000000000000000000000000000000000000000000000000001":)"
            R"("0x0000000000000000000000000000000000000000000000000000000000000002"}},)"
            R"("0x00000000000000000000000000000000000000bb":{"balance":"5"}})",
            R"("timestamp":"0x10","extraData":"0xabcd",)"));
    // Reordered keys, whitespace, decimal vs hex, upper-case address without 0x, short words.
    const std::string other =
        "{\n  \"alloc\" : {\n   \"00000000000000000000000000000000000000BB\": {\"balance\": 5},\n"
        "   \"0x00000000000000000000000000000000000000aa\": {\"storage\": {\"0x1\": \"0x02\"},\n"
        "      \"nonce\": 1, \"balance\": \"16\"}},\n"
        " \"extraData\": \"0xABCD\", \"timestamp\": 16, \"gasLimit\": 30000000,\n"
        " \"config\": {\"pragueTime\":0,\"cancunTime\":0,\"shanghaiTime\":0,\"londonBlock\":0,"
        "\"berlinBlock\":0,\"istanbulBlock\":0,\"petersburgBlock\":0,\"constantinopleBlock\":0,"
        "\"byzantiumBlock\":0,\"eip158Block\":0,\"eip155Block\":0,\"eip150Block\":0,"
        "\"homesteadBlock\":0,\"chainId\":\"7\"}\n}\n";
    CHECK(block_hash_of(other) == reference);

    // Every field that enters the header or state changes the hash.
    CHECK(block_hash_of(doc(R"({"0x00000000000000000000000000000000000000aa":{"balance":"0x11"}})",
                            R"("timestamp":"0x10","extraData":"0xabcd",)")) != reference);
    CHECK(block_hash_of(doc("{}", R"("timestamp":"0x10","extraData":"0xabcd",)")) != reference);
    const Hash base = block_hash_of(doc());
    for (const char* extra :
         {R"("nonce":"0x1",)", R"("timestamp":"0x1",)", R"("extraData":"0x01",)",
          R"("difficulty":"0x1",)", R"("coinbase":"0x0000000000000000000000000000000000000001",)",
          R"("baseFeePerGas":"0x7",)",
          R"("mixHash":"0x0000000000000000000000000000000000000000000000000000000000000001",)"}) {
        INFO(extra);
        CHECK(block_hash_of(doc("{}", extra)) != base);
    }
    CHECK(block_hash_of(doc("{}", R"("nonce":"0x0","difficulty":"0",)")) == base);
}

TEST_CASE("genesis: the dev genesis", "[genesis]")
{
    const Genesis dev = dev_genesis();
    CHECK(dev.config.chain_id == 1337);
    CHECK(dev.gas_limit == 30'000'000);
    CHECK(to_string(kDevAccountBalance) == "10000000000000000000000");  // 10,000 ETH in wei
    REQUIRE(dev.alloc.size() == kDevAccountCount);
    for (const DevAccount& a : dev_accounts()) {
        REQUIRE(dev.alloc.count(a.address) == 1);
        CHECK(dev.alloc.at(a.address).balance == kDevAccountBalance);
    }
    // Written and read back: the same genesis, the same hash.
    const std::string text = genesis_to_json(dev);
    auto back = parse_genesis(text);
    REQUIRE(back.has_value());
    CHECK(back->alloc.size() == dev.alloc.size());
    CHECK(build_genesis(*back)->hash == build_genesis(dev)->hash);
    CHECK(genesis_to_json(*back) == text);
}

TEST_CASE("genesis: refusals name the rule and the JSON path", "[genesis]")
{
    struct Case {
        std::string text;
        GenesisError code;
        std::string path;
    };
    const std::string addr = "0x00000000000000000000000000000000000000aa";
    const Case cases[] = {
        {"", GenesisError::kMalformedJson, ""},
        {"{", GenesisError::kMalformedJson, ""},
        {"[]", GenesisError::kWrongType, "$"},
        {doc("{}", R"("gasLimit":"0x1",)"), GenesisError::kDuplicateKey, "$.gasLimit"},
        {doc("{}", R"("extradata":"0x",)"), GenesisError::kUnknownKey, "$.extradata"},
        {R"({"config":{"chainId":1},"alloc":{}})", GenesisError::kMissingField, "$.gasLimit"},
        {R"({"gasLimit":"0x1c9c380","alloc":{}})", GenesisError::kMissingField, "$.config"},
        {doc("{}", R"("timestamp":-1,)"), GenesisError::kBadNumber, "$.timestamp"},
        {doc("{}", R"("timestamp":1.5,)"), GenesisError::kBadNumber, "$.timestamp"},
        {doc("{}", R"("timestamp":"0x10000000000000000",)"), GenesisError::kBadNumber,
         "$.timestamp"},
        {doc("{}", R"("timestamp":"12a",)"), GenesisError::kBadNumber, "$.timestamp"},
        {doc("{}", R"("timestamp":true,)"), GenesisError::kWrongType, "$.timestamp"},
        {doc("{}", R"("extraData":"abcd",)"), GenesisError::kBadHex, "$.extraData"},
        {doc("{}", R"("extraData":"0xabc",)"), GenesisError::kBadHex, "$.extraData"},
        {doc("{}", R"("extraData":"0x)" + std::string(66, 'a') + "\","),
         GenesisError::kExtraDataTooLong, "$.extraData"},
        {doc("{}", R"("mixHash":"0x01",)"), GenesisError::kWrongLength, "$.mixHash"},
        {doc("{}", R"("coinbase":"0x0000000000000000000000000000000000000000aa",)"),
         GenesisError::kWrongLength, "$.coinbase"},
        {doc("{}", R"("number":"0x1",)"), GenesisError::kNotGenesis, "$.number"},
        {doc("{}", R"("gasUsed":"0x1",)"), GenesisError::kNotGenesis, "$.gasUsed"},
        {doc("{}",
             R"("parentHash":"0x0000000000000000000000000000000000000000000000000000000000000001",)"),
         GenesisError::kNotGenesis, "$.parentHash"},
        {doc("{}", R"("excessBlobGas":"0x1",)"), GenesisError::kBlobGas, "$.excessBlobGas"},
        {doc("{}", R"("baseFeePerGas":"0x1)" + std::string(64, '0') + "\","),
         GenesisError::kBadNumber, "$.baseFeePerGas"},
        {doc("{}", R"("gasLimit":"0x1",)")
             .replace(doc().find("\"gasLimit\":\"0x1c9c380\","), 23, ""),
         GenesisError::kInvalidGasLimit, "$.gasLimit"},
        {doc("{}", "", R"(,"osakaTime":100)"), GenesisError::kUnsupportedFork,
         "$.config.osakaTime"},
        {doc("{}", "", R"(,"daoForkBlock":0,"daoForkSupport":true)"),
         GenesisError::kUnsupportedFork, "$.config.daoForkBlock"},
        {doc("{}", "", R"(,"terminalTotalDifficulty":"0x1")"), GenesisError::kForkNotActive,
         "$.config.terminalTotalDifficulty"},
        {doc("{}", R"("timestamp":"0x5",)", "")
             .replace(doc().find("\"pragueTime\":0"), 14, "\"pragueTime\":6"),
         GenesisError::kForkNotActive, "$.config.pragueTime"},
        {doc("{}").replace(doc().find("\"londonBlock\":0"), 15, "\"londonBlock\":1"),
         GenesisError::kForkNotActive, "$.config.londonBlock"},
        {doc("{}").replace(doc().find(",\"berlinBlock\":0"), 16, ""), GenesisError::kForkNotActive,
         "$.config.berlinBlock"},
        {doc("{}").replace(doc().find("\"chainId\":7"), 11, "\"chainId\":0"),
         GenesisError::kInvalidChainId, "$.config.chainId"},
        {doc("{}").replace(doc().find("\"chainId\":7"), 11, "\"chainId\":18446744073709551615"),
         GenesisError::kInvalidChainId, "$.config.chainId"},
        {doc("[]"), GenesisError::kWrongType, "$.alloc"},
        {doc(R"({"0xaa":{"balance":"1"}})"), GenesisError::kWrongLength, "$.alloc.0xaa"},
        {doc(R"({")" + addr + R"(":{}})"), GenesisError::kMissingField,
         "$.alloc." + addr + ".balance"},
        {doc(R"({")" + addr + R"(":{"balance":"1","balanse":"2"}})"), GenesisError::kUnknownKey,
         "$.alloc." + addr + ".balanse"},
        {doc(R"({")" + addr + R"(":{"balance":"0x)" + std::string(65, 'f') + R"("}})"),
         GenesisError::kBadNumber, "$.alloc." + addr + ".balance"},
        {doc(R"({")" + addr + R"(":{"balance":"1","code":"0xzz"}})"), GenesisError::kBadHex,
         "$.alloc." + addr + ".code"},
        {doc(R"({")" + addr + R"(":{"balance":"1","storage":{"1":"0x1"}}})"), GenesisError::kBadHex,
         "$.alloc." + addr + ".storage.1"},
        {doc(R"({")" + addr + R"(":{"balance":"1","storage":{"0x1":1}}})"),
         GenesisError::kWrongType, "$.alloc." + addr + ".storage.0x1"},
        {doc(R"({")" + addr + R"(":{"balance":"1","storage":{"0x1":"0x1","0x01":"0x2"}}})"),
         GenesisError::kDuplicateKey, "$.alloc." + addr + ".storage.0x1"},  // sorts second
        {doc(R"({")" + addr +
             R"(":{"balance":"1"},"0x00000000000000000000000000000000000000AA":)"
             R"({"balance":"2"}})"),
         // nlohmann's object is a std::map: the upper-case spelling sorts first.
         GenesisError::kDuplicateKey, "$.alloc." + addr},
        {doc(R"({")" + addr +
             R"(":{"balance":"1","storage":{"0x1":{"a":{"b":{"c":{"d":{"e":1}}}}}}}})"),
         GenesisError::kTooDeep, "$.alloc." + addr + ".storage.0x1.a.b.c.d"},
        // EF 52 that is not a loadable module (a bare prefix of the old version 2).
        {doc(R"({")" + addr + R"(":{"balance":"1","code":"0xef5202"}})"), GenesisError::kRwasmCode,
         "$.alloc." + addr + ".code"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const GenesisFailure f = refusal(c.text);
        INFO(f.message());
        CHECK(f.code == c.code);
        CHECK(f.path == c.path);
    }
}

TEST_CASE("genesis: bounds", "[genesis]")
{
    GenesisLimits limits;
    limits.max_accounts = 1;
    limits.max_storage_entries = 2;
    limits.max_code_size = 3;
    const std::string a = R"("0x00000000000000000000000000000000000000aa")";
    const std::string b = R"("0x00000000000000000000000000000000000000bb")";
    CHECK(parse_genesis(doc("{" + a + R"(:{"balance":"1"}})"), limits).has_value());
    CHECK(
        refusal(doc("{" + a + R"(:{"balance":"1"},)" + b + R"(:{"balance":"1"}})"), limits).code ==
        GenesisError::kTooManyAccounts);
    CHECK(
        parse_genesis(doc("{" + a + R"(:{"balance":"1","code":"0x010203"}})"), limits).has_value());
    CHECK(refusal(doc("{" + a + R"(:{"balance":"1","code":"0x01020304"}})"), limits).code ==
          GenesisError::kCodeTooLarge);
    limits.max_accounts = 2;
    CHECK(refusal(doc("{" + a + R"(:{"balance":"1","storage":{"0x1":"0x1","0x2":"0x1"}},)" + b +
                      R"(:{"balance":"1","storage":{"0x1":"0x1"}}})"),
                  limits)
              .code == GenesisError::kTooManyStorageEntries);
    limits.max_file_size = doc().size() - 1;
    CHECK(refusal(doc(), limits).code == GenesisError::kFileTooLarge);
    CHECK(load_genesis_file("/nonexistent/genesis.json").error().code ==
          GenesisError::kFileUnreadable);
}

TEST_CASE("genesis: config keys without effect are accepted and reported", "[genesis]")
{
    auto g = parse_genesis(doc("{}", R"("difficulty":"0x0",)",
                               R"(,"muirGlacierBlock":0,"arrowGlacierBlock":4000000,)"
                               R"("terminalTotalDifficulty":0,"ethash":{},)"
                               R"("blobSchedule":{"cancun":{"target":3,"max":6}})"));
    REQUIRE(g.has_value());
    CHECK(g->config.ignored_keys == std::vector<std::string>{"blobSchedule", "ethash"});
}

namespace {

/// (module (func (export "answer") (result i32) i32.const 42)), compiled by the node's compiler.
rwasm::RwasmModule compiled_answer(const rwasm::CompileOptions& options = {})
{
    const Bytes wasm = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,  // magic, version
                        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,        // type () -> i32
                        0x03, 0x02, 0x01, 0x00,                          // one function
                        0x07, 0x0A, 0x01, 0x06, 'a',  'n',  's',  'w',  'e', 'r', 0x00,
                        0x00, 0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2A, 0x0B};  // i32.const 42
    auto parsed = rwasm::parse_module(wasm);
    REQUIRE(parsed.has_value());
    REQUIRE(rwasm::validate_module(*parsed).has_value());
    auto compiled = rwasm::compile_module(*parsed, rwasm::NoImports{}, options);
    REQUIRE(compiled.has_value());
    return std::move(*compiled);
}

std::string alloc_with_code(const std::string& addr, const Bytes& code)
{
    return doc(R"({")" + addr + R"(":{"balance":"1","code":")" + to_hex(code) + R"("}})");
}

}  // namespace

TEST_CASE("genesis: raw rWasm code in alloc loads as the executor loads it", "[genesis][rwasm]")
{
    const std::string addr = "0x00000000000000000000000000000000000000aa";
    const Address address = *address_from_hex(addr);

    // A module the compiler produced: accepted, stored as given, and it runs.
    const Bytes good = rwasm::encode_module(compiled_answer());
    auto g = parse_genesis(alloc_with_code(addr, good));
    REQUIRE(g.has_value());
    CHECK(g->alloc.at(address).code == good);
    CHECK(build_genesis(*g).has_value());
    execution::ModuleCache cache;
    const auto loaded = cache.get(keccak256(good), good);
    REQUIRE(loaded != nullptr);
    rwasm::NoHost host;
    rwasm::Vm vm(loaded->module);
    vm.set_fuel_limit(1'000);
    REQUIRE(vm.instantiate(host).status == rwasm::RunStatus::kFinished);
    REQUIRE(vm.invoke(0, {}, host).status == rwasm::RunStatus::kFinished);
    CHECK(vm.results()[0] == 42);

    const auto refused = [&](const Bytes& code) {
        auto r = parse_genesis(alloc_with_code(addr, code));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == GenesisError::kRwasmCode);
        CHECK(r.error().path == "$.alloc." + addr + ".code");
    };
    // Hand-made: the function body becomes `Br 0`, a loop that never pays fuel.
    rwasm::RwasmModule loop = compiled_answer();
    const uint32_t body = loop.functions[0].target + 1;
    loop.code.resize(body + 1);
    loop.code[body] = rwasm::Instr{};
    loop.code[body].op = rwasm::Opcode::kBr;
    REQUIRE(rwasm::verify_module(loop).error() == rwasm::DecodeError::kMissingFuel);
    refused(rwasm::encode_module(loop));
    // The compiled module with its entry block's fuel understated.
    rwasm::RwasmModule cheap = compiled_answer();
    REQUIRE(cheap.code[body].op == rwasm::Opcode::kConsumeFuel);
    REQUIRE(cheap.code[body].a > 0);
    cheap.code[body].a -= 1;
    refused(rwasm::encode_module(cheap));
    // Compiled without metering (for system runtimes only): refused in an alloc.
    rwasm::CompileOptions unmetered;
    unmetered.meter_fuel = false;
    refused(rwasm::encode_module(compiled_answer(unmetered)));
}
