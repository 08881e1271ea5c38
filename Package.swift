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
        .target(
            name: "DatelineStorage",
            dependencies: [
                "DatelineCore", "DatelineMigrations",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineApp",
            dependencies: [
                "DatelineCore", "DatelineExtraction", "DatelineStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dateline",
            dependencies: [
                "DatelineApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DatelineBench",
            dependencies: [
                "DatelineApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/DatelineBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DatelineTesting",
            dependencies: [
                "DatelineCore", "DatelineStorage", "DatelineApp",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
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
            name: "DatelineStorageTests",
            dependencies: [
                "DatelineStorage", "DatelineTesting", "DatelineApp",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
