// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Dateline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dateline", targets: ["dateline"]),
        .executable(name: "dateline-bench", targets: ["DatelineBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "DatelineCore", swiftSettings: swiftSettings),
        .target(name: "DatelineTime", dependencies: ["DatelineCore"], resources: [.copy("Lexicons")], swiftSettings: swiftSettings),
        .target(
            name: "DatelineExtraction",
            dependencies: ["DatelineCore", "DatelineTime"],
            resources: [.copy("Lexicons")],
            swiftSettings: swiftSettings
        ),
        .target(name: "DatelineMigrations", path: "migrations", resources: [.copy("sql")]),
        .target(name: "DatelineTimeline", dependencies: ["DatelineCore"], resources: [.copy("Resources")], swiftSettings: swiftSettings),
        .target(
            name: "DatelineRules",
            dependencies: ["DatelineCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineNotify",
            dependencies: [
                "DatelineCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineStorage",
            dependencies: [
                "DatelineCore", "DatelineMigrations", "DatelineTimeline",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineApp",
            dependencies: [
                "DatelineCore", "DatelineTime", "DatelineExtraction", "DatelineStorage", "DatelineTimeline", "DatelineRules",
                "DatelineNotify",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineServer",
            dependencies: [
                "DatelineCore", "DatelineStorage", "DatelineApp", "DatelineExtraction", "DatelineTimeline", "DatelineRules", "DatelineNotify",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dateline",
            dependencies: [
                "DatelineApp", "DatelineCore", "DatelineTimeline", "DatelineExtraction", "DatelineTime", "DatelineStorage", "DatelineServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DatelineBench",
            dependencies: [
                "DatelineApp", "DatelineRules", "DatelineExtraction", "DatelineStorage", "DatelineTimeline", "DatelineNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/DatelineBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineTesting",
            dependencies: [
                "DatelineCore", "DatelineStorage", "DatelineApp", "DatelineNotify",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineTimelineTests", dependencies: ["DatelineTimeline", "DatelineCore"], exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DatelineRulesTests", dependencies: ["DatelineRules", "DatelineCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DatelineNotifyTests",
            dependencies: [
                "DatelineNotify", "DatelineCore", "DatelineTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineAppTests",
            dependencies: [
                "DatelineApp", "DatelineTesting", "DatelineExtraction", "DatelineStorage", "DatelineCore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineServerTests",
            dependencies: [
                "DatelineServer", "DatelineApp", "DatelineTesting", "DatelineStorage", "DatelineExtraction", "DatelineCore", "DatelineNotify",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DatelineCoreTests", dependencies: ["DatelineCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DatelineTimeTests", dependencies: ["DatelineTime", "DatelineCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DatelineExtractionTests",
            dependencies: ["DatelineExtraction", "DatelineCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineTimelineStoreTests",
            dependencies: [
                "DatelineTesting", "DatelineApp", "DatelineTimeline", "DatelineStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineDeliveryTests",
            dependencies: [
                "DatelineStorage", "DatelineTesting", "DatelineApp", "DatelineNotify", "DatelineCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineStorageTests",
            dependencies: [
                "DatelineStorage", "DatelineTesting", "DatelineApp",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineWatchTests",
            dependencies: [
                "DatelineStorage", "DatelineTesting", "DatelineApp", "DatelineRules", "DatelineCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
