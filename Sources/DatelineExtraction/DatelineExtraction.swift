// Module DatelineExtraction
