// Registers the deep families (lstm, lstm_cnn, lstm_transformer_cnn, unified, lstm_vol). Each family file calls registerModel().
export {};
