// SPDX-License-Identifier: Apache-2.0
// Real HTTP and WebSocket round trips on a free loopback port against the fake backend: status
// codes (405, 413, 415, 401), keep-alive, CORS, subscriptions, the Engine port's JWT, stop().
#include "rpc/server.hpp"

#include "fake_backend.hpp"
#include "rpc/start_servers.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>

using namespace blend;
using namespace blend::rpc;
using blend::rpc::test::FakeEngineBackend;
using blend::rpc::test::FakeEthBackend;

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Json = nlohmann::json;

namespace {

constexpr const char* kChainId = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";

using Response = http::response<http::string_body>;

struct Client {
    net::io_context ioc;
    beast::tcp_stream stream{ioc};
    explicit Client(uint16_t port)
    {
        stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }
    Response send(http::verb verb,
                  const std::string& body,
                  std::vector<std::pair<http::field, std::string>> headers = {},
                  const std::string& content_type = "application/json")
    {
        http::request<http::string_body> request{verb, "/", 11};
        request.set(http::field::host, "127.0.0.1");
        if (!content_type.empty())
            request.set(http::field::content_type, content_type);
        for (const auto& [field, value] : headers)
            request.set(field, value);
        request.body() = body;
        request.prepare_payload();
        http::write(stream, request);
        beast::flat_buffer buffer;
        Response response;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 << 20);
        http::read(stream, buffer, parser);
        return parser.release();
    }
};

std::unique_ptr<Server> start(ServerConfig config, EthBackend* eth, EngineBackend* engine = nullptr)
{
    config.port = 0;
    auto server = Server::start(std::move(config), eth, engine);
    REQUIRE(server);
    return std::move(*server);
}

}  // namespace

TEST_CASE("HTTP: POST JSON-RPC, keep-alive, method and media type rules, 413")
{
    FakeEthBackend eth;
    ServerConfig config;
    config.max_request_bytes = 1024;
    auto server = start(config, &eth);
    CHECK(eth.listener_count() == 2);  // filters and subscriptions

    Client client(server->port());
    auto r = client.send(http::verb::post, kChainId);
    CHECK(r.result() == http::status::ok);
    CHECK(Json::parse(r.body())["result"] == "0x539");
    CHECK(r[http::field::content_type] == "application/json");
    // Same connection again (keep-alive).
    r = client.send(http::verb::post, R"({"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"})");
    CHECK(Json::parse(r.body())["result"] == "0x10");
    // Parse errors still come back as JSON-RPC with 200.
    r = client.send(http::verb::post, "{");
    CHECK(Json::parse(r.body())["error"]["code"] == -32700);
    r = client.send(http::verb::get, "");
    CHECK(r.result() == http::status::method_not_allowed);
    r = client.send(http::verb::post, kChainId, {}, "text/plain");
    CHECK(r.result() == http::status::unsupported_media_type);
    r = client.send(http::verb::post, kChainId, {}, "application/json; charset=utf-8");
    CHECK(r.result() == http::status::ok);

    Client big(server->port());
    const auto too_large = big.send(http::verb::post, std::string(1025, ' '));
    CHECK(too_large.result() == http::status::payload_too_large);
    Client exact(server->port());
    const std::string padded = kChainId + std::string(1024 - std::strlen(kChainId), ' ');
    CHECK(exact.send(http::verb::post, padded).result() == http::status::ok);

    server->stop();
    CHECK(eth.listener_count() == 0);
    CHECK(server->connection_count() == 0);
}

TEST_CASE("CORS: allowed origins get the headers, others do not")
{
    FakeEthBackend eth;
    ServerConfig config;
    config.cors_domains = {"http://wallet.local"};
    auto server = start(config, &eth);
    Client client(server->port());
    auto r =
        client.send(http::verb::post, kChainId, {{http::field::origin, "http://wallet.local"}});
    CHECK(r[http::field::access_control_allow_origin] == "http://wallet.local");
    r = client.send(http::verb::post, kChainId, {{http::field::origin, "http://evil.local"}});
    CHECK(r[http::field::access_control_allow_origin].empty());
    CHECK(r.result() == http::status::ok);  // the browser, not the server, enforces CORS
    r = client.send(http::verb::options, "", {{http::field::origin, "http://wallet.local"}}, "");
    CHECK(r.result() == http::status::no_content);
    CHECK(r[http::field::access_control_allow_methods].find("POST") != std::string::npos);
}

TEST_CASE("WebSocket: calls, eth_subscribe newHeads and logs, eth_unsubscribe")
{
    FakeEthBackend eth;
    ServerConfig config;
    config.websocket = true;
    auto server = start(config, &eth);

    net::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server->port()));
    ws.handshake("127.0.0.1", "/");
    auto roundtrip = [&](const std::string& message) {
        ws.write(net::buffer(message));
        beast::flat_buffer buffer;
        ws.read(buffer);
        return Json::parse(beast::buffers_to_string(buffer.data()));
    };
    auto next = [&] {
        beast::flat_buffer buffer;
        ws.read(buffer);
        return Json::parse(beast::buffers_to_string(buffer.data()));
    };
    CHECK(roundtrip(kChainId)["result"] == "0x539");
    const Json sub =
        roundtrip(R"({"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]})");
    REQUIRE(sub["result"].is_string());
    Block block;
    block.header.number = 0x11;
    block.hash.bytes.fill(0xab);
    eth.fire_new_head(block);
    const Json note = next();
    CHECK(note["method"] == "eth_subscription");
    CHECK(note["params"]["subscription"] == sub["result"]);
    CHECK(note["params"]["result"]["number"] == "0x11");

    const Json logs_sub = roundtrip(
        R"({"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":["logs",{"address":"0x0101010101010101010101010101010101010101"}]})");
    LogInfo wanted;
    wanted.log.address.bytes.fill(1);
    LogInfo other;
    other.log.address.bytes.fill(2);
    const std::vector<LogInfo> fired = {other, wanted};
    eth.fire_logs(fired);
    const Json log_note = next();
    CHECK(log_note["params"]["subscription"] == logs_sub["result"]);
    CHECK(log_note["params"]["result"]["address"] == "0x0101010101010101010101010101010101010101");

    const Json unsub =
        roundtrip(R"({"jsonrpc":"2.0","id":4,"method":"eth_unsubscribe","params":[)" +
                  sub["result"].dump() + "]}");
    CHECK(unsub["result"] == true);
    CHECK(roundtrip(
              R"({"jsonrpc":"2.0","id":5,"method":"eth_subscribe","params":["nope"]})")["error"]
                                                                                       ["code"] ==
          -32602);
    ws.close(websocket::close_code::normal);
    server->stop();
}

TEST_CASE("Engine port: JWT required on every HTTP request and on the WebSocket upgrade")
{
    FakeEthBackend eth;
    FakeEngineBackend engine;
    JwtSecret secret;
    secret.bytes.fill(7);
    ServerConfig config;
    config.websocket = true;
    config.jwt_secret = secret;
    config.dispatch.engine_port = true;
    auto server = start(config, &eth, &engine);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::string body =
        R"({"jsonrpc":"2.0","id":1,"method":"engine_exchangeCapabilities","params":[[]]})";

    Client client(server->port());
    const auto missing = client.send(http::verb::post, body);
    CHECK(missing.result() == http::status::unauthorized);
    CHECK(missing.body() == "missing token");

    Client good(server->port());
    const auto ok = good.send(http::verb::post, body,
                              {{http::field::authorization, "Bearer " + make_jwt(secret, now)}});
    CHECK(ok.result() == http::status::ok);
    CHECK(Json::parse(ok.body())["result"].size() == 14);

    Client stale(server->port());
    CHECK(stale
              .send(http::verb::post, body,
                    {{http::field::authorization, "Bearer " + make_jwt(secret, now - 120)}})
              .result() == http::status::unauthorized);
    JwtSecret wrong = secret;
    wrong.bytes[0] = 8;
    Client forged(server->port());
    CHECK(forged
              .send(http::verb::post, body,
                    {{http::field::authorization, "Bearer " + make_jwt(wrong, now)}})
              .result() == http::status::unauthorized);

    net::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server->port()));
    beast::error_code ec;
    ws.handshake("127.0.0.1", "/", ec);
    CHECK(ec);  // refused without a token

    websocket::stream<tcp::socket> authed(ioc);
    authed.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server->port()));
    authed.set_option(websocket::stream_base::decorator([&](websocket::request_type& request) {
        request.set(http::field::authorization, "Bearer " + make_jwt(secret, now));
    }));
    authed.handshake("127.0.0.1", "/");
    authed.write(net::buffer(std::string(body)));
    beast::flat_buffer buffer;
    authed.read(buffer);
    CHECK(Json::parse(beast::buffers_to_string(buffer.data()))["result"].size() == 14);
    server->stop();
}

TEST_CASE("stop() closes open connections and is idempotent; a taken port is an error")
{
    FakeEthBackend eth;
    auto server = start(ServerConfig{}, &eth);
    Client idle(server->port());
    CHECK(idle.send(http::verb::post, kChainId).result() == http::status::ok);
    CHECK(server->connection_count() == 1);
    server->stop();
    CHECK(server->connection_count() == 0);
    server->stop();

    auto first = start(ServerConfig{}, &eth);
    ServerConfig same;
    same.port = first->port();
    auto second = Server::start(same, &eth, nullptr);
    REQUIRE(!second);
    CHECK(second.error() == ServerError::kBindFailed);
    ServerConfig bad;
    bad.address = "localhost:1";
    CHECK(Server::start(bad, &eth, nullptr).error() == ServerError::kBadAddress);
}

TEST_CASE("start_servers: endpoints from config::Config, jwt.hex generated in the datadir")
{
    std::vector<std::string> skipped;
    CHECK(namespaces_from_names({"eth", "txpool", "engine", "eth", "debug"}, &skipped) ==
          std::vector<Namespace>{Namespace::kEth, Namespace::kDebug});
    CHECK(skipped == std::vector<std::string>{"txpool", "engine"});

    const auto datadir = std::filesystem::temp_directory_path() /
                         ("blend-rpc-datadir-" + std::to_string(::getpid()));
    std::filesystem::remove_all(datadir);
    std::filesystem::create_directories(datadir);
    config::Config c;
    c.datadir = datadir.string();
    c.http.port = 0;
    c.ws.enabled = true;
    c.ws.port = 0;  // 0 and 0: the same "port", so one server serves both
    c.authrpc.port = 0;
    FakeEthBackend eth;
    FakeEngineBackend engine;
    auto servers = start_servers(c, eth, &engine, "Blend/test");
    REQUIRE(servers);
    CHECK(servers->http);
    CHECK(!servers->ws);
    REQUIRE(servers->engine);
    CHECK(std::filesystem::exists(datadir / "jwt.hex"));
    const auto secret = read_jwt_secret((datadir / "jwt.hex").string());
    REQUIRE(secret);
    Client client(servers->engine->port());
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto r =
        client.send(http::verb::post, R"({"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"})",
                    {{http::field::authorization, "Bearer " + make_jwt(*secret, now)}});
    CHECK(Json::parse(r.body())["error"]["code"] == -32601);  // not an Engine-port method
    Client pub(servers->http->port());
    CHECK(Json::parse(pub.send(http::verb::post,
                               R"({"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"})")
                          .body())["result"] == "Blend/test");
    servers->stop();

    c.jwt_secret = (datadir / "missing.hex").string();
    const auto failed = start_servers(c, eth, &engine, "Blend/test");
    REQUIRE(!failed);
    CHECK(failed.error() == "authrpc: jwt secret file unreadable");
    std::filesystem::remove_all(datadir);
}
