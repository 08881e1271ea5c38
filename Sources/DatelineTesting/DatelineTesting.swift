// Module DatelineTesting
