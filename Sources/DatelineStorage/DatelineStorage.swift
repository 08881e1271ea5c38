// Module DatelineStorage
