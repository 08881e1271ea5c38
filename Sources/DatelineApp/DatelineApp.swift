// Module DatelineApp
