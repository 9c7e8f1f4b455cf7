<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AnnotateDialog</name>
    <message>
        <source>Rename, notes and tags</source>
        <translation>Nombre, notas y etiquetas</translation>
    </message>
    <message>
        <source>comma-separated, e.g. subject-3, pilot</source>
        <translation>separadas por comas, p. ej. sujeto-3, piloto</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nombre visible</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare models</source>
        <translation>Comparar modelos</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Training time (s)</source>
        <translation>Tiempo de entrenamiento (s)</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Pérdida de validación</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>Exactitud de validación</translation>
    </message>
    <message>
        <source>No curves for this model type (it trains in one step, no epochs): {n}</source>
        <translation>No hay curvas para este tipo de modelo (se entrena en un solo paso, sin pasadas): {n}</translation>
    </message>
</context>
<context>
    <name>ConfigForm</name>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>LSTM classifier for trials of any length.</source>
        <translation>Clasificador LSTM para épocas de cualquier duración.</translation>
    </message>
    <message>
        <source>Class weighting</source>
        <translation>Ponderación de clases</translation>
    </message>
    <message>
        <source>None, &apos;balanced&apos; (weights inverse to class frequency) or a dict.</source>
        <translation>None, &apos;balanced&apos; (pesos inversos a la frecuencia de cada clase) o un diccionario.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Seed for reproducible results (None: random).</source>
        <translation>Semilla para resultados reproducibles (None: aleatoria).</translation>
    </message>
    <message>
        <source>random</source>
        <translation>aleatoria</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Señal</translation>
    </message>
    <message>
        <source>Channels, reference, filters, resampling, baseline and crop; fitted on the training trials and applied identically to every query (defaults: off).</source>
        <translation>Canales, referencia, filtros, remuestreo, línea base y recorte; se ajustan con las épocas de entrenamiento y se aplican igual a cada consulta (por defecto: desactivados).</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Channels to use, in this order (None = all, in training order).</source>
        <translation>Canales que se usan, en este orden (None = todos, en el orden del entrenamiento).</translation>
    </message>
    <message>
        <source>all channels, in the data&apos;s order</source>
        <translation>todos los canales, en el orden de los datos</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Re-reference: &apos;average&apos; subtracts the mean over the channels.</source>
        <translation>Re-referenciado: &apos;average&apos; resta la media de los canales.</translation>
    </message>
    <message>
        <source>Notch</source>
        <translation>Filtro notch</translation>
    </message>
    <message>
        <source>Line-noise notch filter at 50 or 60 Hz (None = off).</source>
        <translation>Filtro notch del ruido de red a 50 o 60 Hz (None = desactivado).</translation>
    </message>
    <message>
        <source>L freq</source>
        <translation>Frec. inferior</translation>
    </message>
    <message>
        <source>High-pass edge in Hz (None = no high-pass).</source>
        <translation>Corte del paso alto en Hz (None = sin paso alto).</translation>
    </message>
    <message>
        <source>H freq</source>
        <translation>Frec. superior</translation>
    </message>
    <message>
        <source>Low-pass edge in Hz (None = no low-pass).</source>
        <translation>Corte del paso bajo en Hz (None = sin paso bajo).</translation>
    </message>
    <message>
        <source>Filter order</source>
        <translation>Orden del filtro</translation>
    </message>
    <message>
        <source>Butterworth order of each filter.</source>
        <translation>Orden Butterworth de cada filtro.</translation>
    </message>
    <message>
        <source>Resample sfreq</source>
        <translation>Frec. de remuestreo</translation>
    </message>
    <message>
        <source>Resample to this rate in Hz (None = keep).</source>
        <translation>Remuestrear a esta frecuencia en Hz (None = mantener).</translation>
    </message>
    <message>
        <source>keep the rate</source>
        <translation>mantener la frecuencia</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Línea base</translation>
    </message>
    <message>
        <source>Window (s from trial start) whose mean is subtracted per channel.</source>
        <translation>Ventana (s desde el inicio de la época) cuya media se resta en cada canal.</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>Recorte</translation>
    </message>
    <message>
        <source>Keep only this window (s from trial start); None = whole trial.</source>
        <translation>Conservar solo esta ventana (s desde el inicio de la época); None = época completa.</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Pasadas de entrenamiento</translation>
    </message>
    <message>
        <source>Passes over the training data.</source>
        <translation>Pasadas por los datos de entrenamiento.</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Tamaño de lote</translation>
    </message>
    <message>
        <source>Trials per gradient step.</source>
        <translation>Épocas por paso de gradiente.</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Tasa de aprendizaje</translation>
    </message>
    <message>
        <source>Adam learning rate.</source>
        <translation>Tasa de aprendizaje de Adam.</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>Fracción de validación</translation>
    </message>
    <message>
        <source>Share of the training trials held out (stratified) for validation curves and early stopping. Never the test set.</source>
        <translation>Fracción de las épocas de entrenamiento que se reserva (estratificada) para las curvas de validación y la parada temprana. Nunca el conjunto de prueba.</translation>
    </message>
    <message>
        <source>Early stopping patience</source>
        <translation>Paciencia de parada</translation>
    </message>
    <message>
        <source>Input noise (SD)</source>
        <translation>Ruido de entrada (DE)</translation>
    </message>
    <message>
        <source>SD of Gaussian noise added to the (standardised) inputs during training only: a regulariser for small EEG sets (0: off).</source>
        <translation>DE del ruido gaussiano que se suma a las entradas (estandarizadas) solo durante el entrenamiento: un regularizador para conjuntos EEG pequeños (0: desactivado).</translation>
    </message>
    <message>
        <source>LSTM encoder</source>
        <translation>Codificador LSTM</translation>
    </message>
    <message>
        <source>LSTM encoder.</source>
        <translation>Codificador LSTM.</translation>
    </message>
    <message>
        <source>Input feature dim</source>
        <translation>Dim. de entrada</translation>
    </message>
    <message>
        <source>Features per time step (F of a (T, F) trial); None = taken from the data.</source>
        <translation>Características por instante (F de una época (T, F)); None = se toma de los datos.</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Capas</translation>
    </message>
    <message>
        <source>LSTM blocks, first to last.</source>
        <translation>Bloques LSTM, del primero al último.</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>Unidades ocultas</translation>
    </message>
    <message>
        <source>Units per direction.</source>
        <translation>Unidades por dirección.</translation>
    </message>
    <message>
        <source>Bidirectional</source>
        <translation>Bidireccional</translation>
    </message>
    <message>
        <source>Read the sequence in both directions.</source>
        <translation>Leer la secuencia en ambos sentidos.</translation>
    </message>
    <message>
        <source>Stacked layers</source>
        <translation>Capas apiladas</translation>
    </message>
    <message>
        <source>How many such LSTM layers to stack.</source>
        <translation>Cuántas capas LSTM como esta se apilan.</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Stop after this many epochs without val_loss improvement and go back to the best epoch&apos;s weights; a run that uses all its epochs keeps its last weights (None: train all epochs).</source>
        <translation>Parar tras este número de pasadas sin mejora de val_loss y volver a los pesos de la mejor pasada; un entrenamiento que agota sus pasadas conserva los últimos pesos (None: entrenar todas las pasadas).</translation>
    </message>
    <message>
        <source>Input dropout rate (0-1).</source>
        <translation>Tasa de dropout de la entrada (0-1).</translation>
    </message>
    <message>
        <source>Recurrent dropout</source>
        <translation>Dropout recurrente</translation>
    </message>
    <message>
        <source>Recurrent-state dropout rate (0-1).</source>
        <translation>Tasa de dropout del estado recurrente (0-1).</translation>
    </message>
    <message>
        <source>Return sequences</source>
        <translation>Devolver secuencias</translation>
    </message>
    <message>
        <source>Return every time step. Layers followed by another LSTM always do; the last one does whenever pooling is not &apos;last&apos;.</source>
        <translation>Devolver cada instante. Las capas seguidas de otra LSTM siempre lo hacen; la última, siempre que el pooling no sea &apos;last&apos;.</translation>
    </message>
    <message>
        <source>Use bias</source>
        <translation>Usar sesgo</translation>
    </message>
    <message>
        <source>Use bias vectors.</source>
        <translation>Usar vectores de sesgo.</translation>
    </message>
    <message>
        <source>Kernel initializer</source>
        <translation>Inicializador de pesos</translation>
    </message>
    <message>
        <source>Input weight init.</source>
        <translation>Inicialización de los pesos de entrada.</translation>
    </message>
    <message>
        <source>Recurrent initializer</source>
        <translation>Inicializador recurrente</translation>
    </message>
    <message>
        <source>Recurrent weight init.</source>
        <translation>Inicialización de los pesos recurrentes.</translation>
    </message>
    <message>
        <source>Unit forget bias</source>
        <translation>Sesgo de olvido</translation>
    </message>
    <message>
        <source>Add 1 to the forget gate bias at init.</source>
        <translation>Sumar 1 al sesgo de la puerta de olvido al inicializar.</translation>
    </message>
    <message>
        <source>Pad value</source>
        <translation>Valor de relleno</translation>
    </message>
    <message>
        <source>Value used to pad shorter sequences; padded steps are masked.</source>
        <translation>Valor con el que se rellenan las secuencias más cortas; los pasos de relleno se enmascaran.</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <source>How the encoder&apos;s time steps become one vector (mask-aware).</source>
        <translation>Cómo se convierten los instantes del codificador en un solo vector (respetando la máscara).</translation>
    </message>
    <message>
        <source>Dense layers after pooling</source>
        <translation>Capas densas finales</translation>
    </message>
    <message>
        <source>Fully connected layers after pooling.</source>
        <translation>Capas totalmente conectadas tras el pooling.</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Number of units (neurons).</source>
        <translation>Número de unidades (neuronas).</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Activación</translation>
    </message>
    <message>
        <source>This layer&apos;s own activation.</source>
        <translation>Activación propia de esta capa.</translation>
    </message>
    <message>
        <source>Activation function applied to the layer&apos;s output.</source>
        <translation>Función de activación aplicada a la salida de la capa.</translation>
    </message>
    <message>
        <source>Dropout rate after the layer (0-1).</source>
        <translation>Tasa de dropout tras la capa (0-1).</translation>
    </message>
    <message>
        <source>Batch normalisation</source>
        <translation>Normalización por lotes</translation>
    </message>
    <message>
        <source>Batch normalisation before the activation.</source>
        <translation>Normalización por lotes antes de la activación.</translation>
    </message>
    <message>
        <source>Weight initialiser.</source>
        <translation>Inicializador de los pesos.</translation>
    </message>
    <message>
        <source>Bias initializer</source>
        <translation>Inicializador del sesgo</translation>
    </message>
    <message>
        <source>Bias initialiser.</source>
        <translation>Inicializador del sesgo.</translation>
    </message>
    <message>
        <source>Kernel regularizer</source>
        <translation>Regularizador de pesos</translation>
    </message>
    <message>
        <source>Weight penalty (none, l1, l2 or both).</source>
        <translation>Penalización de los pesos (ninguna, l1, l2 o ambas).</translation>
    </message>
    <message>
        <source>Regularizer value</source>
        <translation>Valor del regularizador</translation>
    </message>
    <message>
        <source>Strength of the weight penalty.</source>
        <translation>Intensidad de la penalización de los pesos.</translation>
    </message>
    <message>
        <source>Output layer (custom)</source>
        <translation>Capa de salida (propia)</translation>
    </message>
    <message>
        <source>Output layer: softmax, one unit per class (None: sized from the data).</source>
        <translation>Capa de salida: softmax, una unidad por clase (None: tamaño según los datos).</translation>
    </message>
    <message>
        <source>Input preprocessing</source>
        <translation>Preprocesado de la entrada</translation>
    </message>
    <message>
        <source>Scaling and decimation fitted on training.</source>
        <translation>Escalado y diezmado ajustados en el entrenamiento.</translation>
    </message>
    <message>
        <source>Remove per-trial offset</source>
        <translation>Quitar desplazamiento</translation>
    </message>
    <message>
        <source>Clip at</source>
        <translation>Recortar en</translation>
    </message>
    <message>
        <source>After scaling, clip values to +-clip (in units of the fitted spread) so that artefacts cannot dominate (None: never; ignored when scale is &apos;none&apos;).</source>
        <translation>Tras el escalado, limitar los valores a ±clip (en unidades de la dispersión ajustada) para que los artefactos no dominen (None: nunca; se ignora si la escala es &apos;none&apos;).</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Escala</translation>
    </message>
    <message>
        <source>Scale each feature with training-set statistics: &apos;robust&apos; (median and IQR), &apos;standard&apos; (mean and SD) or &apos;none&apos;.</source>
        <translation>Escalar cada característica con estadísticos del conjunto de entrenamiento: &apos;robust&apos; (mediana y RIC), &apos;standard&apos; (media y DE) o &apos;none&apos;.</translation>
    </message>
    <message>
        <source>Decimate</source>
        <translation>Diezmar</translation>
    </message>
    <message>
        <source>Average blocks of this many samples (1 = keep all).</source>
        <translation>Promediar bloques de este número de muestras (1 = conservar todas).</translation>
    </message>
    <message>
        <source>Time steps at most</source>
        <translation>Máximo de instantes</translation>
    </message>
    <message>
        <source>Decimate longer trials (anti-aliased) to at most this many time steps (None: never).</source>
        <translation>Diezmar las épocas más largas (con antialiasing) hasta este número de instantes como máximo (None: nunca).</translation>
    </message>
    <message>
        <source>Anti-aliasing</source>
        <translation>Antialiasing</translation>
    </message>
    <message>
        <source>Decimation filter: &apos;fir&apos; low-pass, or &apos;boxcar&apos; block averages.</source>
        <translation>Filtro de diezmado: paso bajo &apos;fir&apos; o promedios por bloques &apos;boxcar&apos;.</translation>
    </message>
    <message>
        <source>Per trial and channel, remove the least-squares line (&apos;linear&apos;) or the mean (&apos;mean&apos;) before decimation: offsets and slow drifts that differ from trial to trial; &apos;none&apos; keeps them.</source>
        <translation>Por época y canal, quita la recta de mínimos cuadrados (&apos;linear&apos;) o la media (&apos;mean&apos;) antes de diezmar: desplazamientos y derivas lentas que cambian de una época a otra; &apos;none&apos; los conserva.</translation>
    </message>
    <message>
        <source>Time steps at most (rate unknown)</source>
        <translation>Pasos de tiempo como máximo (frecuencia desconocida)</translation>
    </message>
    <message>
        <source>When the sampling rate is unknown (.npy trials) and decimate is None, low-pass and decimate (FIR) to at most this many time steps (None: keep all).</source>
        <translation>Si la frecuencia de muestreo es desconocida (épocas .npy) y decimate es None, filtra paso bajo y diezma (FIR) hasta como máximo este número de pasos de tiempo (None: conservarlos todos).</translation>
    </message>
    <message>
        <source>Support vector classifier (scikit-learn SVC) on feature vectors made from each trial.</source>
        <translation>Clasificador de vectores de soporte (SVC de scikit-learn) sobre vectores de características obtenidos de cada época.</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Núcleo</translation>
    </message>
    <message>
        <source>Kernel.</source>
        <translation>Núcleo.</translation>
    </message>
    <message>
        <source>C (inverse regularisation)</source>
        <translation>C (regularización inversa)</translation>
    </message>
    <message>
        <source>Inverse regularisation strength (&gt; 0).</source>
        <translation>Inversa de la intensidad de regularización (&gt; 0).</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>Kernel coefficient: &apos;scale&apos;, &apos;auto&apos; or a positive number.</source>
        <translation>Coeficiente del núcleo: &apos;scale&apos;, &apos;auto&apos; o un número positivo.</translation>
    </message>
    <message>
        <source>Degree</source>
        <translation>Grado</translation>
    </message>
    <message>
        <source>Degree of the poly kernel.</source>
        <translation>Grado del núcleo polinómico.</translation>
    </message>
    <message>
        <source>coef0</source>
        <translation>coef0</translation>
    </message>
    <message>
        <source>Independent term of the poly/sigmoid kernels.</source>
        <translation>Término independiente de los núcleos polinómico y sigmoide.</translation>
    </message>
    <message>
        <source>Shrinking</source>
        <translation>Shrinking</translation>
    </message>
    <message>
        <source>Use the shrinking heuristic.</source>
        <translation>Usar la heurística de shrinking.</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>Tolerancia</translation>
    </message>
    <message>
        <source>Stopping tolerance.</source>
        <translation>Tolerancia de parada.</translation>
    </message>
    <message>
        <source>Max. iterations</source>
        <translation>Máx. de iteraciones</translation>
    </message>
    <message>
        <source>Iteration limit (-1: none).</source>
        <translation>Límite de iteraciones (-1: ninguno).</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probabilidad</translation>
    </message>
    <message>
        <source>Calibrated class probabilities (sigmoid).</source>
        <translation>Probabilidades de clase calibradas (sigmoide).</translation>
    </message>
    <message>
        <source>How trials become feature vectors.</source>
        <translation>Cómo se convierten las épocas en vectores de características.</translation>
    </message>
    <message>
        <source>Trial to vector</source>
        <translation>De época a vector</translation>
    </message>
    <message>
        <source>How a (channels x times) trial becomes a feature vector.</source>
        <translation>Cómo una época (canales x instantes) se convierte en un vector de características.</translation>
    </message>
    <message>
        <source>Scale features with training-set statistics: &apos;robust&apos; (median and IQR), &apos;standard&apos; (mean and SD) or &apos;none&apos;.</source>
        <translation>Escalar las características con estadísticos del conjunto de entrenamiento: &apos;robust&apos; (mediana y RIC), &apos;standard&apos; (media y DE) o &apos;none&apos;.</translation>
    </message>
    <message>
        <source>A multilayer perceptron on feature vectors.</source>
        <translation>Un perceptrón multicapa sobre vectores de características.</translation>
    </message>
    <message>
        <source>Units per default hidden layer.</source>
        <translation>Unidades por capa oculta por defecto.</translation>
    </message>
    <message>
        <source>Hidden layers (None: two ReLU layers of hidden_size units).</source>
        <translation>Capas ocultas (None: dos capas ReLU de hidden_size unidades).</translation>
    </message>
    <message>
        <source>Output units</source>
        <translation>Unidades de salida</translation>
    </message>
    <message>
        <source>Output units = number of classes (None: taken from the data).</source>
        <translation>Unidades de salida = número de clases (None: se toma de los datos).</translation>
    </message>
    <message>
        <source>Linear discriminant analysis on decimated, flattened epochs (Blankertz et al. 2011).</source>
        <translation>Análisis discriminante lineal sobre épocas diezmadas y aplanadas (Blankertz et al. 2011).</translation>
    </message>
    <message>
        <source>Target sfreq</source>
        <translation>Frec. objetivo</translation>
    </message>
    <message>
        <source>Decimate trials to about this rate in Hz before flattening (None: keep all samples). Needs the data&apos;s sampling rate; ignored when it is unknown.</source>
        <translation>Diezmar las épocas hasta unos tantos Hz antes de aplanarlas (None: conservar todas las muestras). Necesita la frecuencia de muestreo de los datos; se ignora si no se conoce.</translation>
    </message>
    <message>
        <source>Explicit decimation factor (samples averaged per feature); overrides target_sfreq. None: derived from target_sfreq and the data&apos;s rate.</source>
        <translation>Factor de diezmado explícito (muestras promediadas por característica); tiene prioridad sobre target_sfreq. None: se deduce de target_sfreq y de la frecuencia de los datos.</translation>
    </message>
    <message>
        <source>Shrinkage</source>
        <translation>Contracción (shrinkage)</translation>
    </message>
    <message>
        <source>Per trial and channel, remove the mean (&apos;mean&apos;) or the least-squares line (&apos;linear&apos;) before decimation and scaling; &apos;none&apos; keeps offsets. Right for raw EEG epochs, whose offsets and drifts are noise; choose &apos;none&apos; for feature sequences whose level carries the class (band power, spectra).</source>
        <translation>Por época y canal, quita la media (&apos;mean&apos;) o la recta de mínimos cuadrados (&apos;linear&apos;) antes de diezmar y escalar; &apos;none&apos; conserva los desplazamientos. Adecuado para épocas de EEG sin procesar, cuyos desplazamientos y derivas son ruido; elige &apos;none&apos; para secuencias de características cuyo nivel indica la clase (potencia de banda, espectros).</translation>
    </message>
    <message>
        <source>Covariance shrinkage: &apos;auto&apos; (Ledoit-Wolf), a number in [0, 1], or None (plain LDA).</source>
        <translation>Contracción de la covarianza: &apos;auto&apos; (Ledoit-Wolf), un número en [0, 1] o None (LDA simple).</translation>
    </message>
    <message>
        <source>Standardise each feature with training-set mean and SD.</source>
        <translation>Estandarizar cada característica con la media y la DE del conjunto de entrenamiento.</translation>
    </message>
    <message>
        <source>The ERP pipeline at the top of MOABB&apos;s P300 benchmark (Barachant &amp; Congedo 2014).</source>
        <translation>La cadena ERP que encabeza la comparativa P300 de MOABB (Barachant y Congedo 2014).</translation>
    </message>
    <message>
        <source>Nfilter</source>
        <translation>Nº de filtros</translation>
    </message>
    <message>
        <source>xDAWN spatial filters per class (at most the channels).</source>
        <translation>Filtros espaciales xDAWN por clase (como máximo, el número de canales).</translation>
    </message>
    <message>
        <source>Estimator</source>
        <translation>Estimador</translation>
    </message>
    <message>
        <source>Covariance estimator: &apos;oas&apos; (Oracle shrinkage), &apos;lwf&apos; (Ledoit-Wolf), &apos;scm&apos; (plain; needs more channels than 2 x nfilter x classes), &apos;sch&apos;, &apos;mcd&apos;.</source>
        <translation>Estimador de la covarianza: &apos;oas&apos; (contracción Oracle), &apos;lwf&apos; (Ledoit-Wolf), &apos;scm&apos; (simple; necesita más canales que 2 x nfilter x clases), &apos;sch&apos;, &apos;mcd&apos;.</translation>
    </message>
    <message>
        <source>Per trial and channel, remove the least-squares line (&apos;linear&apos;) or the mean (&apos;mean&apos;) first; &apos;none&apos; keeps offsets and drifts.</source>
        <translation>Por época y canal, quita primero la recta de mínimos cuadrados (&apos;linear&apos;) o la media (&apos;mean&apos;); &apos;none&apos; conserva desplazamientos y derivas.</translation>
    </message>
    <message>
        <source>Inverse L2 strength of the logistic regression.</source>
        <translation>Inversa de la intensidad L2 de la regresión logística.</translation>
    </message>
    <message>
        <source>Iteration limit of the logistic regression.</source>
        <translation>Límite de iteraciones de la regresión logística.</translation>
    </message>
    <message>
        <source>Common spatial patterns + linear discriminant analysis (Ramoser et al. 2000).</source>
        <translation>Patrones espaciales comunes + análisis discriminante lineal (Ramoser et al. 2000).</translation>
    </message>
    <message>
        <source>N components</source>
        <translation>Nº de componentes</translation>
    </message>
    <message>
        <source>CSP filters kept (at most the number of channels).</source>
        <translation>Filtros CSP que se conservan (como máximo, el número de canales).</translation>
    </message>
    <message>
        <source>Covariance estimator per trial: &apos;scm&apos; (sample covariance, the classic choice), &apos;oas&apos; or &apos;lwf&apos; (shrinkage, for few samples or many channels).</source>
        <translation>Estimador de la covarianza de cada época: &apos;scm&apos; (covarianza muestral, la opción clásica), &apos;oas&apos; o &apos;lwf&apos; (contracción, para pocas muestras o muchos canales).</translation>
    </message>
    <message>
        <source>LDA covariance shrinkage: None (plain LDA, the classic choice), &apos;auto&apos; (Ledoit-Wolf) or a number in [0, 1].</source>
        <translation>Contracción de la covarianza del LDA: None (LDA simple, la opción clásica), &apos;auto&apos; (Ledoit-Wolf) o un número en [0, 1].</translation>
    </message>
    <message>
        <source>EEGNet-F1,D (default EEGNet-8,2) for ERP and oscillatory paradigms alike.</source>
        <translation>EEGNet-F1,D (por defecto EEGNet-8,2), tanto para paradigmas ERP como oscilatorios.</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Temporal filters (first convolution).</source>
        <translation>Filtros temporales (primera convolución).</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>Spatial filters per temporal filter (depth).</source>
        <translation>Filtros espaciales por filtro temporal (profundidad).</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <source>Pointwise filters of the separable convolution (None: F1 x D, as in the paper).</source>
        <translation>Filtros puntuales de la convolución separable (None: F1 x D, como en el artículo).</translation>
    </message>
    <message>
        <source>Kernel length</source>
        <translation>Long. del núcleo</translation>
    </message>
    <message>
        <source>Temporal kernel in samples at the network&apos;s rate (None: half a second, 64 at 128 Hz).</source>
        <translation>Núcleo temporal en muestras a la frecuencia de la red (None: medio segundo, 64 a 128 Hz).</translation>
    </message>
    <message>
        <source>Separable kernel length</source>
        <translation>Long. núcleo separable</translation>
    </message>
    <message>
        <source>Separable convolution kernel in samples (None: an eighth of a second, 16 at 128 Hz).</source>
        <translation>Núcleo de la convolución separable en muestras (None: un octavo de segundo, 16 a 128 Hz).</translation>
    </message>
    <message>
        <source>Pool1</source>
        <translation>Pool1</translation>
    </message>
    <message>
        <source>Average pooling after the spatial filters.</source>
        <translation>Pooling promedio tras los filtros espaciales.</translation>
    </message>
    <message>
        <source>Pool2</source>
        <translation>Pool2</translation>
    </message>
    <message>
        <source>Average pooling after the separable conv.</source>
        <translation>Pooling promedio tras la convolución separable.</translation>
    </message>
    <message>
        <source>Dropout rate (0.5 within-subject, 0.25 across subjects, as in the paper).</source>
        <translation>Tasa de dropout (0,5 intra-sujeto, 0,25 entre sujetos, como en el artículo).</translation>
    </message>
    <message>
        <source>Dropout type</source>
        <translation>Tipo de dropout</translation>
    </message>
    <message>
        <source>Plain dropout or whole-feature-map dropout.</source>
        <translation>Dropout simple o dropout de mapas de características completos.</translation>
    </message>
    <message>
        <source>Depthwise max norm</source>
        <translation>Norma máx. depthwise</translation>
    </message>
    <message>
        <source>Max-norm constraint on each spatial filter.</source>
        <translation>Restricción de norma máxima en cada filtro espacial.</translation>
    </message>
    <message>
        <source>Dense max norm</source>
        <translation>Norma máx. densa</translation>
    </message>
    <message>
        <source>Max-norm constraint on the classification layer.</source>
        <translation>Restricción de norma máxima en la capa de clasificación.</translation>
    </message>
    <message>
        <source>Decimate trials to about this rate in Hz (None: keep the data&apos;s rate).</source>
        <translation>Diezmar las épocas hasta unos tantos Hz (None: mantener la frecuencia de los datos).</translation>
    </message>
    <message>
        <source>Sfreq</source>
        <translation>Frec. de muestreo</translation>
    </message>
    <message>
        <source>Sampling rate of the trials in Hz when the data do not carry one (None: taken from the data; 128 Hz assumed if unknown).</source>
        <translation>Frecuencia de muestreo de las épocas en Hz cuando los datos no la indican (None: se toma de los datos; se suponen 128 Hz si no se conoce).</translation>
    </message>
    <message>
        <source>Add a layer after the selected one</source>
        <translation>Añadir una capa tras la seleccionada</translation>
    </message>
    <message>
        <source>Remove the selected layer</source>
        <translation>Quitar la capa seleccionada</translation>
    </message>
    <message>
        <source>Move the selected layer up</source>
        <translation>Subir la capa seleccionada</translation>
    </message>
    <message>
        <source>Move the selected layer down</source>
        <translation>Bajar la capa seleccionada</translation>
    </message>
    <message>
        <source>Layer {i}: {m}</source>
        <translation>Capa {i}: {m}</translation>
    </message>
    <message>
        <source>Allowed: {r}</source>
        <translation>Permitido: {r}</translation>
    </message>
    <message>
        <source>Training</source>
        <extracomment>Names of the fields hidden until &quot;Show advanced settings&quot; is ticked.</extracomment>
        <translation>Entrenamiento</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: true class. Columns: predicted class. Cells: trials (share of the row).</source>
        <translation>Filas: clase real. Columnas: clase predicha. Celdas: épocas (fracción de la fila).</translation>
    </message>
    <message>
        <source>→ {c}</source>
        <translation>→ {c}</translation>
    </message>
    <message>
        <source>{n} trials of {t} predicted as {p}</source>
        <translation>{n} épocas de {t} predichas como {p}</translation>
    </message>
</context>
<context>
    <name>CrossValidationRow</name>
    <message>
        <source>Cross-validation:</source>
        <translation>Val. cruzada:</translation>
    </message>
    <message>
        <source>Score the model on held-out folds of the training data (mean ± SD per metric), then fit it on all of it for saving. &apos;grouped by recording&apos; never puts trials of one recording (run, session) on both sides.</source>
        <translation>Evalúa el modelo en pliegues reservados de los datos de entrenamiento (media ± DE por métrica) y después lo ajusta con todos ellos para guardarlo. «agrupada por registro» nunca pone épocas de un mismo registro (bloque, sesión) a ambos lados.</translation>
    </message>
    <message>
        <source> folds</source>
        <translation> pliegues</translation>
    </message>
    <message>
        <source>stratified</source>
        <translation>estratificada</translation>
    </message>
    <message>
        <source>grouped by recording</source>
        <translation>agrupada por registro</translation>
    </message>
    <message>
        <source>stratified k-fold, or grouped by recording (one recording per fold)</source>
        <translation>k pliegues estratificados, o agrupados por registro (un registro por pliegue)</translation>
    </message>
    <message>
        <source>no permutation test</source>
        <translation>sin prueba de permutación</translation>
    </message>
    <message>
        <source> permutations</source>
        <translation> permutaciones</translation>
    </message>
    <message>
        <source>Refit the model on label-permuted data this many times for a p-value (how often chance alone scores as well). Each permutation costs a full CV.</source>
        <translation>Reajustar el modelo este número de veces con las etiquetas permutadas para obtener un valor p (con qué frecuencia el azar puntúa igual de bien). Cada permutación cuesta una validación cruzada completa.</translation>
    </message>
    <message>
        <source>runs {k} folds: one per recording ({r} recordings)</source>
        <extracomment>Says when the data make fewer folds than the box (grouped CV over few recordings).</extracomment>
        <translation>hace {k} pliegues: uno por registro ({r} registros)</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>P300 (2 classes, 8 channels)</source>
        <translation>P300 (2 clases, 8 canales)</translation>
    </message>
    <message>
        <source>Inner speech (4 classes, 16 ch.)</source>
        <translation>Habla interna (4 clases, 16 can.)</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Cargar datos demo</translation>
    </message>
    <message>
        <source>Fill the lists with a built-in synthetic data set (written once to your data folder) to try the whole workflow in a minute.</source>
        <translation>Llena las listas con un conjunto de datos sintético incorporado (se escribe una vez en su carpeta de datos) para probar todo el flujo de trabajo en un minuto.</translation>
    </message>
    <message>
        <source>Open EEG recording…</source>
        <translation>Abrir registro EEG…</translation>
    </message>
    <message>
        <source>Epoch EEG recordings ({extensions}) around their events and use them as training data (or, from the arrow&apos;s menu, as test data).</source>
        <translation>Segmenta en épocas los registros EEG ({extensions}) alrededor de sus eventos y úsalos como datos de entrenamiento (o, desde el menú de la flecha, como datos de prueba).</translation>
    </message>
    <message>
        <source>as training data…</source>
        <translation>como datos de entrenamiento…</translation>
    </message>
    <message>
        <source>as test data…</source>
        <translation>como datos de prueba…</translation>
    </message>
    <message>
        <source>Training files</source>
        <translation>Archivos de entrenamiento</translation>
    </message>
    <message>
        <source>Test files</source>
        <translation>Archivos de prueba</translation>
    </message>
    <message>
        <source>Split test from train:</source>
        <translation>Reservar para prueba:</translation>
    </message>
    <message>
        <source>stratified</source>
        <translation>estratificada</translation>
    </message>
    <message>
        <source>Keep each class&apos;s share the same in both parts. The split is seeded, so the same files always give the same test set.</source>
        <translation>Mantener la misma proporción de cada clase en ambas partes. La separación usa una semilla, así que los mismos archivos dan siempre el mismo conjunto de prueba.</translation>
    </message>
    <message>
        <source>Preparing the demo data…</source>
        <translation>Preparando los datos demo…</translation>
    </message>
    <message>
        <source>The demo data could not be written.</source>
        <translation>No se pudieron escribir los datos demo.</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Datos demo</translation>
    </message>
    <message>
        <source>Folder of {extensions} files</source>
        <translation>Carpeta de archivos {extensions}</translation>
    </message>
    <message>
        <source>Add X and label files</source>
        <translation>Añadir archivos X y de etiquetas</translation>
    </message>
    <message>
        <source>Add X files</source>
        <translation>Añadir archivos X</translation>
    </message>
    <message>
        <source>Add label files</source>
        <translation>Añadir archivos de etiquetas</translation>
    </message>
    <message>
        <source>Trial and label files</source>
        <translation>Archivos de épocas y de etiquetas</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
    <message>
        <source>Checking {n} file pairs…</source>
        <translation>Comprobando {n} pares de archivos…</translation>
    </message>
    <message>
        <source>No data yet. &lt;b&gt;Add files…&lt;/b&gt; (or drop them on a list) or press &lt;b&gt;Load demo data&lt;/b&gt; to try the built-in synthetic set.</source>
        <translation>Aún no hay datos. &lt;b&gt;Añadir…&lt;/b&gt; archivos (o arrástrelos a una lista) o pulse &lt;b&gt;Cargar datos demo&lt;/b&gt; para probar el conjunto sintético incorporado.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>{n} trials x {c} channels x {t} samples</source>
        <translation>{n} épocas x {c} canales x {t} muestras</translation>
    </message>
    <message>
        <source>classes: {c}</source>
        <translation>clases: {c}</translation>
    </message>
    <message>
        <source>Trials differ in length: only LSTMNet can train on them.</source>
        <translation>Las épocas tienen distinta duración: solo LSTMNet puede entrenar con ellas.</translation>
    </message>
    <message>
        <source>{k}-fold cross-validation ({s}), then a fit on all training trials</source>
        <translation>validación cruzada con {k} pliegues ({s}) y después un ajuste con todas las épocas de entrenamiento</translation>
    </message>
    <message>
        <source>Add test files, or tick &lt;b&gt;Split test from train&lt;/b&gt; or &lt;b&gt;Cross-validation&lt;/b&gt;.</source>
        <translation>Añada archivos de prueba o marque &lt;b&gt;Reservar para prueba&lt;/b&gt; o &lt;b&gt;Validación cruzada&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Data ready</source>
        <translation>Datos listos</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before training:</source>
        <translation>
            <numerusform>%n problema que resolver antes de entrenar:</numerusform>
            <numerusform>%n problemas que resolver antes de entrenar:</numerusform>
        </translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Separación</translation>
    </message>
    <message>
        <source>{where} row {r}</source>
        <translation>{where} fila {r}</translation>
    </message>
</context>
<context>
    <name>EegView</name>
    <message>
        <source>EEG (last 5 s)</source>
        <extracomment>Seconds of EEG the scrolling view shows. Epochs the probability trace shows. The trace&apos;s epoch axis moves in steps of this many epochs (not per epoch: cheaper to draw). Latency histogram bins (ms): 0..LATENCY_MAX_MS in LATENCY_BIN_MS steps, the last one open.</extracomment>
        <translation>EEG (últimos 5 s)</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>tiempo (s)</translation>
    </message>
</context>
<context>
    <name>EpochSettingsPanel</name>
    <message>
        <source>Event</source>
        <extracomment>Line-noise notch (Hz) of the preset or settings applied; no editor of its own. Keep only one condition&apos;s trials (ConditionFilter, from a preset), or None. The preset applied (and its condition), or None.</extracomment>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Count per file</source>
        <translation>Número por archivo</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Class name: the event&apos;s true label (accuracy and confusion are shown). “{u}”: the event is epoched and predicted without a true label. Empty: the event is ignored.</source>
        <translation>Nombre de clase: la etiqueta real del evento (se muestran la exactitud y la confusión). «{u}»: el evento se segmenta y se predice sin etiqueta real. Vacío: el evento se ignora.</translation>
    </message>
    <message>
        <source>Type a class name for each event to train on (several events may share one class); leave it empty to ignore the event. Names are only prefilled when the file gives them.</source>
        <translation>Escriba un nombre de clase para cada evento con el que entrenar (varios eventos pueden compartir clase); déjelo vacío para ignorar el evento. Los nombres solo se rellenan si el archivo los indica.</translation>
    </message>
    <message>
        <source>from</source>
        <translation>desde</translation>
    </message>
    <message>
        <source>Subtract each channel&apos;s mean over this window.</source>
        <translation>Restar la media de cada canal en esta ventana.</translation>
    </message>
    <message>
        <source>peak-to-peak over</source>
        <translation>pico a pico por encima de</translation>
    </message>
    <message>
        <source>Drop trials whose peak-to-peak amplitude on any EEG channel exceeds this.</source>
        <translation>Descartar las épocas cuya amplitud pico a pico en algún canal EEG supere este valor.</translation>
    </message>
    <message>
        <source>Band-pass the continuous recording before epoching. For inference, the model applies its own filters itself: leave this off unless you want both.</source>
        <translation>Filtrar paso banda el registro continuo antes de segmentarlo. En la inferencia, el modelo aplica sus propios filtros: deje esto desactivado salvo que quiera ambos.</translation>
    </message>
    <message>
        <source>Checked channels are epoched, in this order; unchecked (bad) ones are left out. Trigger/status channels are never offered.</source>
        <translation>Los canales marcados se segmentan, en este orden; los no marcados (malos) se excluyen. Los canales de disparo/estado nunca se ofrecen.</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Línea base</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rechazo</translation>
    </message>
    <message>
        <source>Band-pass</source>
        <translation>Paso banda</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Events → classes</source>
        <extracomment>Field name in EpochSettings -&gt; words the user sees next to the widget.</extracomment>
        <translation>Eventos → clases</translation>
    </message>
    <message>
        <source>tmin</source>
        <translation>tmin</translation>
    </message>
    <message>
        <source>tmax</source>
        <translation>tmax</translation>
    </message>
    <message>
        <source>Reject above</source>
        <translation>Rechazar por encima de</translation>
    </message>
    <message>
        <source>Band-pass low edge</source>
        <translation>Corte inferior del paso banda</translation>
    </message>
    <message>
        <source>Band-pass high edge</source>
        <translation>Corte superior del paso banda</translation>
    </message>
    <message>
        <source>Notch</source>
        <translation>Filtro notch</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <source>{n} in all</source>
        <translation>{n} en total</translation>
    </message>
    <message>
        <source>(ignored)</source>
        <translation>(ignorado)</translation>
    </message>
    <message>
        <source>Only the trials after condition marker {m}.</source>
        <translation>Solo las épocas que siguen al marcador de condición {m}.</translation>
    </message>
    <message>
        <source>+ notch {f} Hz</source>
        <translation>+ notch de {f} Hz</translation>
    </message>
    <message>
        <source>Channels: check at least one channel</source>
        <translation>Canales: marque al menos un canal</translation>
    </message>
    <message>
        <source>Events → classes: training needs at least two classes; only “{c}” is mapped</source>
        <translation>Eventos → clases: el entrenamiento necesita al menos dos clases; solo se ha asignado «{c}»</translation>
    </message>
</context>
<context>
    <name>ErpPlot</name>
    <message>
        <source>time from event (s)</source>
        <extracomment>Channel combo data for the mean over all channels.</extracomment>
        <translation>tiempo desde el evento (s)</translation>
    </message>
    <message>
        <source>amplitude (µV)</source>
        <translation>amplitud (µV)</translation>
    </message>
    <message>
        <source>Channel whose average is drawn</source>
        <translation>Canal cuyo promedio se dibuja</translation>
    </message>
    <message>
        <source>Preview: add a recording and map its events.</source>
        <translation>Vista previa: añada un registro y asigne sus eventos.</translation>
    </message>
    <message>
        <source>Average ERP per class — channel</source>
        <translation>ERP promedio por clase — canal</translation>
    </message>
    <message>
        <source>mean of channels</source>
        <translation>media de los canales</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <source>This looks like a bug in bcigui. Please copy the details into a bug report.</source>
        <translation>Parece un fallo de bcigui. Copie los detalles en un informe de errores.</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
    <message>
        <source>bcigui keeps running, but the last action may not have completed. Please copy the details into a bug report.</source>
        <translation>bcigui sigue en marcha, pero puede que la última acción no se haya completado. Copie los detalles en un informe de errores.</translation>
    </message>
</context>
<context>
    <name>EvaluationBox</name>
    <message>
        <source>Evaluation</source>
        <extracomment>CV schemes a study offers (spec values), in menu order. Metrics offered (spec names); the first one ticked ranks the pipelines.</extracomment>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>Stratified k-fold (within each group)</source>
        <translation>k pliegues estratificados (dentro de cada grupo)</translation>
    </message>
    <message>
        <source>Grouped by recording / session</source>
        <translation>Agrupada por registro / sesión</translation>
    </message>
    <message>
        <source>Leave one subject out</source>
        <translation>Dejar un sujeto fuera</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Refit on shuffled labels this many times for a permutation p-value.</source>
        <translation>Reajustar este número de veces con las etiquetas barajadas para obtener un valor p de permutación.</translation>
    </message>
    <message>
        <source>inner k = </source>
        <translation>k interno = </translation>
    </message>
    <message>
        <source>Folds of the inner cross-validation that picks a grid&apos;s parameters.</source>
        <translation>Pliegues de la validación cruzada interna que elige los parámetros de una rejilla.</translation>
    </message>
    <message>
        <source>Cross-validation</source>
        <translation>Validación cruzada</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Métricas</translation>
    </message>
    <message>
        <source>Permutations</source>
        <translation>Permutaciones</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message numerus="yes">
        <source>Nested cross-validation: on (a grid has %n configurations); the scores shown never come from the folds that chose the parameters.</source>
        <translation>
            <numerusform>Validación cruzada anidada: activada (una rejilla tiene %n configuración); las puntuaciones mostradas nunca provienen de los pliegues que eligieron los parámetros.</numerusform>
            <numerusform>Validación cruzada anidada: activada (una rejilla tiene %n configuraciones); las puntuaciones mostradas nunca provienen de los pliegues que eligieron los parámetros.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nested cross-validation: off (no grid has more than one configuration).</source>
        <translation>Validación cruzada anidada: desactivada (ninguna rejilla tiene más de una configuración).</translation>
    </message>
</context>
<context>
    <name>FileSetBox</name>
    <message>
        <source>Add files…</source>
        <translation>Añadir…</translation>
    </message>
    <message>
        <source>Add X files and label files; they are paired by name (trial_01_x.npy with trial_01_y.npy). You can also drop files here.</source>
        <translation>Añada archivos X y archivos de etiquetas; se emparejan por nombre (trial_01_x.npy con trial_01_y.npy). También puede arrastrar archivos aquí.</translation>
    </message>
    <message>
        <source>Add X files only…</source>
        <translation>Añadir solo archivos X…</translation>
    </message>
    <message>
        <source>Add label files only…</source>
        <translation>Añadir solo archivos de etiquetas…</translation>
    </message>
    <message>
        <source>Add a folder of .npy files…</source>
        <translation>Añadir una carpeta de archivos .npy…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>{f} holds no .npy trial files.</source>
        <extracomment>What the last add left out (an empty folder, files that are no trial files).</extracomment>
        <translation>{f} no contiene archivos de épocas .npy.</translation>
    </message>
    <message>
        <source>Left out of {f} (not .npy trial files): {n}.</source>
        <translation>Excluidos de {f} (no son archivos de épocas .npy): {n}.</translation>
    </message>
    <message>
        <source>— missing —</source>
        <translation>— falta —</translation>
    </message>
    <message>
        <source>{n} pairs</source>
        <translation>{n} pares</translation>
    </message>
</context>
<context>
    <name>FileTable</name>
    <message>
        <source>X file (trials)</source>
        <translation>Archivo X (épocas)</translation>
    </message>
    <message>
        <source>Label file</source>
        <translation>Archivo de etiquetas</translation>
    </message>
</context>
<context>
    <name>FoldScorePlot</name>
    <message>
        <source>chance</source>
        <extracomment>Colour of each pipeline&apos;s points, in pipeline order (cycled). Horizontal spread of the points of one pipeline (deterministic, no random jitter). What is drawn now: pipeline -&gt; fold scores (tests read it).</extracomment>
        <translation>azar</translation>
    </message>
</context>
<context>
    <name>InferenceResults</name>
    <message>
        <source>Run inference to see predictions here.</source>
        <extracomment>At most this many selected rows are drawn in the probability plot.</extracomment>
        <translation>Ejecute la inferencia para ver aquí las predicciones.</translation>
    </message>
    <message>
        <source>File</source>
        <extracomment>(x, text) tick labels of the bar groups shown; :meth:`_space_ticks` thins them.</extracomment>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>Época</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Predicción</translation>
    </message>
    <message>
        <source>P({c})</source>
        <translation>P({c})</translation>
    </message>
    <message>
        <source>True</source>
        <translation>Real</translation>
    </message>
    <message>
        <source>{n} trials. Predicted: {spread}.</source>
        <translation>{n} épocas. Predicción: {spread}.</translation>
    </message>
    <message>
        <source>Accuracy on {k} labelled trials: {a} (chance {ca}), balanced accuracy {b} (chance {cb}).</source>
        <translation>Exactitud en {k} épocas etiquetadas: {a} (azar {ca}); exactitud equilibrada {b} (azar {cb}).</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>probabilidad</translation>
    </message>
</context>
<context>
    <name>InferenceTab</name>
    <message>
        <source>Show the models of one label; its champion (or newest) is chosen.</source>
        <extracomment>Why the selected model does not fit the trial files (&quot;&quot; when it does, or unknown).</extracomment>
        <translation>Mostrar los modelos de una etiqueta; se elige su campeón (o el más reciente).</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>Todas las etiquetas</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Expects</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Trial files (X, and optional labels)</source>
        <translation>Archivos de épocas (X y, opcionalmente, etiquetas)</translation>
    </message>
    <message>
        <source>Open EEG recording…</source>
        <translation>Abrir registro EEG…</translation>
    </message>
    <message>
        <source>Epoch EEG recordings ({extensions}) around their events and predict every epoch with the chosen model</source>
        <translation>Segmentar registros EEG ({extensions}) alrededor de sus eventos y predecir cada época con el modelo elegido</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>Forget the chosen recordings</source>
        <translation>Olvidar los registros elegidos</translation>
    </message>
    <message>
        <source>Run inference</source>
        <translation>Ejecutar inferencia</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>[does not fit the files]</source>
        <translation>[no encaja con los archivos]</translation>
    </message>
    <message>
        <source>The model changed: run inference again.</source>
        <translation>El modelo ha cambiado: vuelva a ejecutar la inferencia.</translation>
    </message>
    <message>
        <source>No model in the store yet: train one first.</source>
        <translation>Aún no hay modelos en el almacén: entrene uno primero.</translation>
    </message>
    <message>
        <source>any number of</source>
        <translation>cualquier número de</translation>
    </message>
    <message>
        <source>{t} time steps x {f} features; classes: {c}</source>
        <translation>{t} instantes x {f} características; clases: {c}</translation>
    </message>
    <message>
        <source>Its own signal stage: {s}</source>
        <translation>Su propia etapa de señal: {s}</translation>
    </message>
    <message>
        <source>{e}; classes: {c}</source>
        <translation>{e}; clases: {c}</translation>
    </message>
    <message>
        <source>trials of {e} (seed (T, F) files); classes: {c}</source>
        <translation>épocas de {e} (archivos seed (T, F)); clases: {c}</translation>
    </message>
    <message>
        <source>This model does not fit the files: {m}.</source>
        <translation>Este modelo no encaja con los archivos: {m}.</translation>
    </message>
    <message>
        <source>The trial files changed: run inference again.</source>
        <translation>Los archivos de épocas han cambiado: vuelva a ejecutar la inferencia.</translation>
    </message>
    <message>
        <source>Folder of {extensions} files</source>
        <translation>Carpeta de archivos {extensions}</translation>
    </message>
    <message>
        <source>Trial files</source>
        <translation>Archivos de épocas</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
    <message>
        <source>The EEG recording changed: run inference again.</source>
        <translation>El registro EEG ha cambiado: vuelva a ejecutar la inferencia.</translation>
    </message>
    <message>
        <source>No EEG recording chosen.</source>
        <translation>No se ha elegido ningún registro EEG.</translation>
    </message>
    <message>
        <source>Epoch settings: {d}</source>
        <translation>Ajustes de segmentación: {d}</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Ejecutando…</translation>
    </message>
    <message>
        <source>The inputs changed while inference ran: run it again.</source>
        <translation>Las entradas cambiaron mientras se ejecutaba la inferencia: vuelva a ejecutarla.</translation>
    </message>
    <message>
        <source>The inputs changed while inference ran.</source>
        <translation>Las entradas cambiaron mientras se ejecutaba la inferencia.</translation>
    </message>
    <message>
        <source>model from memory</source>
        <translation>modelo desde la memoria</translation>
    </message>
    <message>
        <source>model loaded in {s:.2f} s</source>
        <translation>modelo cargado en {s:.2f} s</translation>
    </message>
    <message>
        <source>{n} trials predicted in {s:.2f} s ({t}).</source>
        <translation>{n} épocas predichas en {s:.2f} s ({t}).</translation>
    </message>
    <message>
        <source>Recordings skipped: {m}</source>
        <translation>Registros omitidos: {m}</translation>
    </message>
    <message>
        <source>Row {r}: {m}</source>
        <translation>Fila {r}: {m}</translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s):</source>
        <translation>
            <numerusform>Se omitió %n archivo:</numerusform>
            <numerusform>Se omitieron %n archivos:</numerusform>
        </translation>
    </message>
    <message>
        <source>Inference failed: {m}</source>
        <translation>Error en la inferencia: {m}</translation>
    </message>
    <message>
        <source>Inference failed</source>
        <translation>Error en la inferencia</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>Results saved to {p}</source>
        <translation>Resultados guardados en {p}</translation>
    </message>
</context>
<context>
    <name>LatencyHistogram</name>
    <message>
        <source>Latency per epoch</source>
        <translation>Latencia por época</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>épocas</translation>
    </message>
</context>
<context>
    <name>LibraryActions</name>
    <message>
        <source>Loaded {n}</source>
        <extracomment>How long the Undo bar stays after a delete.</extracomment>
        <translation>Cargado {n}</translation>
    </message>
    <message>
        <source>Could not load {n}</source>
        <translation>No se pudo cargar {n}</translation>
    </message>
    <message>
        <source>Could not save the notes</source>
        <translation>No se pudieron guardar las notas</translation>
    </message>
    <message>
        <source>Could not mark the champion</source>
        <translation>No se pudo marcar el campeón</translation>
    </message>
    <message>
        <source>Could not delete {n}</source>
        <translation>No se pudo eliminar {n}</translation>
    </message>
    <message>
        <source>Undo is offered for {s} s; the Trash keeps them.</source>
        <translation>Se puede deshacer durante {s} s; la papelera los conserva.</translation>
    </message>
    <message>
        <source>{n} is no longer in the trash.</source>
        <translation>{n} ya no está en la papelera.</translation>
    </message>
    <message>
        <source>{n} is already in the store as {p}; not restored.</source>
        <translation>{n} ya está en el almacén como {p}; no se ha restaurado.</translation>
    </message>
    <message>
        <source>Could not restore {n}</source>
        <translation>No se pudo restaurar {n}</translation>
    </message>
    <message>
        <source>{n} model(s) moved to the trash.</source>
        <translation>Modelos movidos a la papelera: {n}.</translation>
    </message>
    <message>
        <source>Restored {n} model(s).</source>
        <translation>Modelos restaurados: {n}.</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>Exportar modelo</translation>
    </message>
    <message>
        <source>bcigui model (*.bcimodel)</source>
        <translation>Modelo de bcigui (*.bcimodel)</translation>
    </message>
    <message>
        <source>Exported to {p}</source>
        <translation>Exportado a {p}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>Import models</source>
        <translation>Importar modelos</translation>
    </message>
    <message>
        <source>bcigui models (*.bcimodel);;All files (*)</source>
        <translation>Modelos de bcigui (*.bcimodel);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Could not import {n}</source>
        <translation>No se pudo importar {n}</translation>
    </message>
    <message>
        <source>{n} is already in the store as {p}; nothing was imported.</source>
        <translation>{n} ya está en el almacén como {p}; no se ha importado nada.</translation>
    </message>
    <message>
        <source>Imported {p}</source>
        <translation>Importado {p}</translation>
    </message>
    <message>
        <source>Import a legacy model</source>
        <translation>Importar un modelo antiguo</translation>
    </message>
    <message>
        <source>Legacy pickles (*.pkl)</source>
        <translation>Pickles antiguos (*.pkl)</translation>
    </message>
    <message>
        <source>Legacy import cancelled.</source>
        <translation>Importación antigua cancelada.</translation>
    </message>
    <message>
        <source>Legacy import failed</source>
        <translation>Falló la importación del modelo antiguo</translation>
    </message>
    <message>
        <source>Verify failed</source>
        <translation>Falló la verificación</translation>
    </message>
    <message>
        <source>{n} broken model(s): {names}</source>
        <translation>Modelos dañados ({n}): {names}</translation>
    </message>
    <message>
        <source>Every model verified.</source>
        <translation>Todos los modelos verificados.</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <source>Filter by name, label, type, notes, tags…</source>
        <translation>Filtrar por nombre, etiqueta, tipo, notas, etiquetas…</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Load</source>
        <extracomment>The Undo bar offers undo for this long, then the deletion stands.</extracomment>
        <translation>Cargar</translation>
    </message>
    <message>
        <source>Load into memory</source>
        <translation>Cargar en memoria</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Descargar</translation>
    </message>
    <message>
        <source>Free its memory</source>
        <translation>Liberar su memoria</translation>
    </message>
    <message>
        <source>Use for inference</source>
        <translation>Inferir</translation>
    </message>
    <message>
        <source>Rename / notes…</source>
        <translation>Nombre / notas…</translation>
    </message>
    <message>
        <source>Champion</source>
        <translation>Campeón</translation>
    </message>
    <message>
        <source>The default model for its label (checked: this model is the champion)</source>
        <translation>El modelo por defecto de su etiqueta (marcado: este modelo es el campeón)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Move to the trash</source>
        <translation>Mover a la papelera</translation>
    </message>
    <message>
        <source>Trash…</source>
        <translation>Papelera…</translation>
    </message>
    <message>
        <source>Restore deleted models</source>
        <translation>Restaurar modelos eliminados</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Import .bcimodel files</source>
        <translation>Importar archivos .bcimodel</translation>
    </message>
    <message>
        <source>Import legacy .pkl…</source>
        <translation>Importar .pkl…</translation>
    </message>
    <message>
        <source>Verify all</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Re-hash every model</source>
        <translation>Recalcular el hash de cada modelo</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Abrir la carpeta</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>2+ models</source>
        <translation>2 o más modelos</translation>
    </message>
    <message>
        <source>all labels</source>
        <translation>todas las etiquetas</translation>
    </message>
    <message>
        <source>all types</source>
        <translation>todos los tipos</translation>
    </message>
    <message>
        <source>{n} of {total} models</source>
        <translation>{n} de {total} modelos</translation>
    </message>
</context>
<context>
    <name>LiveModelPicker</name>
    <message>
        <source>All labels</source>
        <translation>Todas las etiquetas</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>No model in the store yet: train one first.</source>
        <translation>Aún no hay modelos en el almacén: entrene uno primero.</translation>
    </message>
</context>
<context>
    <name>LiveTab</name>
    <message>
        <source>Start</source>
        <extracomment>Counter rows: key -&gt; label (filled from events while live, from the summary at the end). Why Start is disabled (&quot;&quot; when it is enabled or nothing is chosen yet). The speller layout (a SpellerLayout) once read; the matrix shows its symbols. The GUI&apos;s copy of the speller evidence (a SpellerEvidence) for the heat map.</extracomment>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Replay a recording…</source>
        <translation>Reproducir un registro…</translation>
    </message>
    <message>
        <source>Stream a recording file as a live EEG stream, to try the tab without an amplifier</source>
        <translation>Emitir un archivo de registro como flujo EEG en vivo, para probar la pestaña sin amplificador</translation>
    </message>
    <message>
        <source>Stop replay</source>
        <translation>Parar la reproducción</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Contadores</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <source>Ignored markers</source>
        <translation>Marcadores ignorados</translation>
    </message>
    <message>
        <source>Late epochs</source>
        <translation>Épocas tardías</translation>
    </message>
    <message>
        <source>Lost samples</source>
        <translation>Muestras perdidas</translation>
    </message>
    <message>
        <source>Clock offset</source>
        <translation>Desfase de reloj</translation>
    </message>
    <message>
        <source>Latency p50 / p99</source>
        <translation>Latencia p50 / p99</translation>
    </message>
    <message>
        <source>No session recorded yet.</source>
        <translation>Aún no se ha grabado ninguna sesión.</translation>
    </message>
    <message>
        <source>Use session for training</source>
        <translation>Usar la sesión para entrenar</translation>
    </message>
    <message>
        <source>Open the recorded session in the Training tab as a recording</source>
        <translation>Abrir la sesión grabada en la pestaña Entrenamiento como un registro</translation>
    </message>
    <message>
        <source>Session file</source>
        <translation>Archivo de sesión</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>Flujos</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Speller</source>
        <translation>Deletreador</translation>
    </message>
    <message>
        <source>The live views appear once the classifiers are loaded.</source>
        <translation>Las vistas en vivo aparecen cuando se han cargado los clasificadores.</translation>
    </message>
    <message numerus="yes">
        <source>Found %n EEG stream(s)</source>
        <translation>
            <numerusform>Se encontró %n flujo EEG</numerusform>
            <numerusform>Se encontraron %n flujos EEG</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking for streams failed: {m}</source>
        <translation>La búsqueda de flujos falló: {m}</translation>
    </message>
    <message>
        <source>Choose an EEG stream to check it.</source>
        <translation>Elija un flujo EEG para comprobarlo.</translation>
    </message>
    <message>
        <source>Checking the model against the stream…</source>
        <translation>Comprobando el modelo con el flujo…</translation>
    </message>
    <message>
        <source>Does not fit this stream: {why}</source>
        <translation>No encaja con este flujo: {why}</translation>
    </message>
    <message numerus="yes">
        <source>✓ Fits the stream (channel names and rate, %n channel(s)).</source>
        <translation>
            <numerusform>✓ Encaja con el flujo (nombres de canal y frecuencia, %n canal).</numerusform>
            <numerusform>✓ Encaja con el flujo (nombres de canal y frecuencia, %n canales).</numerusform>
        </translation>
    </message>
    <message>
        <source>The classifiers are still loading.</source>
        <translation>Los clasificadores aún se están cargando.</translation>
    </message>
    <message>
        <source>Choose a model (train one first if the library is empty).</source>
        <translation>Elija un modelo (entrene uno primero si la biblioteca está vacía).</translation>
    </message>
    <message>
        <source>Choose an EEG stream (Refresh, or replay a recording).</source>
        <translation>Elija un flujo EEG (Actualizar, o reproduzca un registro).</translation>
    </message>
    <message>
        <source>Checking whether the model fits the stream…</source>
        <translation>Comprobando si el modelo encaja con el flujo…</translation>
    </message>
    <message>
        <source>The model does not fit the stream: {why}</source>
        <translation>El modelo no encaja con el flujo: {why}</translation>
    </message>
    <message>
        <source>The speller layout is not loaded.</source>
        <translation>La disposición del deletreador no está cargada.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Parado.</translation>
    </message>
    <message>
        <source>Live: {model} on {stream}</source>
        <translation>En vivo: {model} sobre {stream}</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando…</translation>
    </message>
    <message>
        <source>Recording… (the file is named at Stop)</source>
        <translation>Grabando… (el archivo recibe su nombre al parar)</translation>
    </message>
    <message numerus="yes">
        <source>Live session ended: %n epoch(s)</source>
        <translation>
            <numerusform>Sesión en vivo terminada: %n época</numerusform>
            <numerusform>Sesión en vivo terminada: %n épocas</numerusform>
        </translation>
    </message>
    <message>
        <source>The live session stopped: {m}</source>
        <translation>La sesión en vivo se detuvo: {m}</translation>
    </message>
    <message>
        <source>Live session failed</source>
        <translation>La sesión en vivo falló</translation>
    </message>
    <message>
        <source>Spelled: {s}</source>
        <translation>Deletreado: {s}</translation>
    </message>
    <message>
        <source>Decisions: {s}</source>
        <translation>Decisiones: {s}</translation>
    </message>
    <message>
        <source>No session recorded.</source>
        <translation>No se ha grabado ninguna sesión.</translation>
    </message>
    <message>
        <source>Ended. Units: assumed microvolts (the stream describes none).</source>
        <translation>Terminada. Unidades: se asumen microvoltios (el flujo no describe ninguna).</translation>
    </message>
    <message>
        <source>Replay a recording</source>
        <translation>Reproducir un registro</translation>
    </message>
    <message>
        <source>EEG recordings</source>
        <translation>Registros EEG</translation>
    </message>
    <message>
        <source>Cannot replay {name}: {m}</source>
        <translation>No se puede reproducir {name}: {m}</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Leyendo {name}…</translation>
    </message>
    <message>
        <source>Replaying {file} as stream {name}</source>
        <translation>Reproduciendo {file} como flujo {name}</translation>
    </message>
    <message>
        <source>Replay stopped.</source>
        <translation>Reproducción parada.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>bcigui — EEG classifiers</source>
        <extracomment>Seconds the window waits for worker threads when it closes. How long a tab&apos;s message stays in the status bar. The window can be made this small; below what a page needs, the page scrolls. False for unattended runs (``--self-test``): errors are logged, no dialog waits. Why the core could not be loaded (None while loading or once loaded).</extracomment>
        <translation>bcigui — clasificadores de EEG</translation>
    </message>
    <message>
        <source>Training</source>
        <extracomment>The pages, each a :class:`~bcigui.gui.tab_protocol.Tab`: the window reaches them only through that protocol and their public signals and methods.</extracomment>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <source>Model Library</source>
        <translation>Biblioteca de modelos</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>Inferencia</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En vivo</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>Estudio</translation>
    </message>
    <message>
        <source>Store: loading…</source>
        <translation>Almacén: cargando…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Open data…</source>
        <translation>&amp;Abrir datos…</translation>
    </message>
    <message>
        <source>&amp;Import model…</source>
        <translation>&amp;Importar modelo…</translation>
    </message>
    <message>
        <source>Import .bcimodel files into the store</source>
        <translation>Importar archivos .bcimodel al almacén</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About bcigui</source>
        <translation>A&amp;cerca de bcigui</translation>
    </message>
    <message>
        <source>Loading the classifiers…</source>
        <translation>Cargando los clasificadores…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>The classifiers could not be loaded.</source>
        <translation>No se pudieron cargar los clasificadores.</translation>
    </message>
    <message>
        <source>bcigui could not start</source>
        <translation>bcigui no pudo arrancar</translation>
    </message>
    <message>
        <source>Store: {p}</source>
        <translation>Almacén: {p}</translation>
    </message>
    <message>
        <source>Models are saved under {p}</source>
        <translation>Los modelos se guardan en {p}</translation>
    </message>
    <message>
        <source>About bcigui</source>
        <translation>Acerca de bcigui</translation>
    </message>
    <message>
        <source>&lt;h3&gt;bcigui&lt;/h3&gt;&lt;p&gt;Train, keep and run EEG classifiers for brain-computer interfaces.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;bcigui&lt;/h3&gt;&lt;p&gt;Entrena, guarda y ejecuta clasificadores de EEG para interfaces cerebro-computadora.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>In memory: {n}/{m} models ({mb:.1f} MB)</source>
        <translation>En memoria: {n}/{m} modelos ({mb:.1f} MB)</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>Entrenamiento en curso</translation>
    </message>
    <message>
        <source>A training or a study is running or queued. Stop it (nothing of it is saved) and quit?</source>
        <translation>Hay un entrenamiento o un estudio en curso o en cola. ¿Pararlo (no se guarda nada de él) y salir?</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>Accuracy</source>
        <extracomment>Tile values are this much larger than the caption text (two tiles fit a 1024-pixel screen).</extracomment>
        <translation>Exactitud</translation>
    </message>
    <message>
        <source>Balanced accuracy</source>
        <translation>Exactitud equilibrada</translation>
    </message>
    <message>
        <source>F1 (macro)</source>
        <translation>F1 (macro)</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <extracomment>The title each metric of a study shows (the Training tab&apos;s); a metric only a spec names shows its spec name.</extracomment>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>Chance level</source>
        <translation>Nivel de azar</translation>
    </message>
</context>
<context>
    <name>MetricsCard</name>
    <message>
        <source>n/a</source>
        <extracomment>The widest value a tile shows: every tile is at least this wide, so none clips.</extracomment>
        <translation>n/d</translation>
    </message>
    <message>
        <source>The test set lacks a class.</source>
        <translation>Al conjunto de prueba le falta una clase.</translation>
    </message>
    <message>
        <source>mean ± SD over {k} folds ({s}) of {n} trials</source>
        <translation>media ± DE en {k} pliegues ({s}) de {n} épocas</translation>
    </message>
    <message>
        <source>grouped by recording</source>
        <translation>agrupada por registro</translation>
    </message>
    <message>
        <source>k-fold</source>
        <translation>k pliegues</translation>
    </message>
    <message>
        <source>permutation p = {p:.3g}</source>
        <translation>p de permutación = {p:.3g}</translation>
    </message>
    <message>
        <source>{n} test trials</source>
        <translation>{n} épocas de prueba</translation>
    </message>
    <message>
        <source>trained in {s:.1f} s</source>
        <translation>entrenado en {s:.1f} s</translation>
    </message>
    <message>
        <source>balanced accuracy {d:+.3f} above a random guess</source>
        <translation>exactitud equilibrada {d:+.3f} por encima del azar</translation>
    </message>
    <message>
        <source>no better than a random guess</source>
        <translation>no mejor que el azar</translation>
    </message>
</context>
<context>
    <name>ModelDetails</name>
    <message>
        <source>{k} folds, grouped by recording</source>
        <translation>{k} pliegues, agrupados por registro</translation>
    </message>
    <message>
        <source>{k} folds, stratified</source>
        <translation>{k} pliegues, estratificados</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>Esquema</translation>
    </message>
    <message>
        <source>Chance level</source>
        <translation>Nivel de azar</translation>
    </message>
    <message>
        <source>%1 ({n} permutation(s))</source>
        <translation>%1 (permutaciones: {n})</translation>
    </message>
    <message>
        <source>Permutation p</source>
        <translation>p de permutación</translation>
    </message>
    <message>
        <source>bal. acc.</source>
        <translation>exact. equil.</translation>
    </message>
    <message>
        <source>Fold {i}</source>
        <translation>Pliegue {i}</translation>
    </message>
    <message>
        <source>{v} — held out: {h}</source>
        <translation>{v} — reservado: {h}</translation>
    </message>
    <message>
        <source>Cross-validation</source>
        <translation>Validación cruzada</translation>
    </message>
    <message>
        <source>No model selected</source>
        <translation>Ningún modelo seleccionado</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Curvas</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Matriz de confusión</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Select a model to see its details.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Seleccione un modelo para ver sus detalles.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This model has no training curves (not a network).</source>
        <translation>Este modelo no tiene curvas de entrenamiento (no es una red).</translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation>Problema:</translation>
    </message>
    <message>
        <source>Versions differ</source>
        <translation>Las versiones difieren</translation>
    </message>
    <message>
        <source>the model may load or behave differently:</source>
        <translation>puede que el modelo se cargue o se comporte de otra forma:</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Clases</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Champion</source>
        <translation>Campeón</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Epoching</source>
        <translation>Segmentación en épocas</translation>
    </message>
    <message>
        <source>Signal stage</source>
        <translation>Etapa de señal</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Test metrics</source>
        <translation>Métricas de prueba</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>Hiperparámetros</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Datos de entrenamiento</translation>
    </message>
    <message>
        <source>Test data</source>
        <translation>Datos de prueba</translation>
    </message>
    <message>
        <source>Trained with</source>
        <translation>Entrenado con</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Loading classifiers…</source>
        <extracomment>Labels offered in the label box (any valid name may be typed).</extracomment>
        <translation>Cargando clasificadores…</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>Mostrar ajustes avanzados</translation>
    </message>
    <message>
        <source>The model is saved under &lt;store&gt;/&lt;label&gt;/. Use p300, inner or any name of letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;.</source>
        <translation>El modelo se guarda en &lt;almacén&gt;/&lt;etiqueta&gt;/. Use p300, inner o cualquier nombre de letras, dígitos, &apos;-&apos;, &apos;_&apos; y &apos;.&apos;.</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Contar</translation>
    </message>
    <message>
        <source>Build the network once to count its parameters (loads TensorFlow, a few seconds the first time; afterwards the count follows every change).</source>
        <translation>Construir la red una vez para contar sus parámetros (carga TensorFlow, unos segundos la primera vez; después el recuento sigue cada cambio).</translation>
    </message>
    <message>
        <source>Use it</source>
        <extracomment>&quot;Preset X recommends Y [Use it]&quot;: shown when training recordings came from a preset.</extracomment>
        <translation>Usarlo</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Clasificador</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Preset {p} recommends {m}.</source>
        <translation>El preset {p} recomienda {m}.</translation>
    </message>
    <message>
        <source>no classifier selected</source>
        <translation>ningún clasificador seleccionado</translation>
    </message>
    <message>
        <source>— (not a network)</source>
        <translation>— (no es una red)</translation>
    </message>
    <message>
        <source>— (fix the settings)</source>
        <translation>— (corrija los ajustes)</translation>
    </message>
    <message>
        <source>— (depends on the data: add files first)</source>
        <translation>— (depende de los datos: añada archivos primero)</translation>
    </message>
    <message>
        <source>— (press Count)</source>
        <translation>— (pulse Contar)</translation>
    </message>
    <message>
        <source>— (counted after the running training)</source>
        <translation>— (se cuenta tras el entrenamiento en curso)</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>contando…</translation>
    </message>
    <message>
        <source>{n} parameters</source>
        <translation>{n} parámetros</translation>
    </message>
    <message>
        <source>— (cannot build: {msg})</source>
        <translation>— (no se puede construir: {msg})</translation>
    </message>
</context>
<context>
    <name>ModelTableModel</name>
    <message>
        <source>Name</source>
        <extracomment>(key, header) of every column, in order.</extracomment>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>Creado (UTC)</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <source>Balanced acc.</source>
        <translation>Exact. equil.</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>CV bal. acc.</source>
        <translation>VC exact. equil.</translation>
    </message>
    <message>
        <source>CV ROC-AUC</source>
        <translation>VC ROC-AUC</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Clases</translation>
    </message>
    <message>
        <source>Input (T x F)</source>
        <translation>Entrada (T x F)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>In memory</source>
        <translation>En memoria</translation>
    </message>
    <message>
        <source>yes</source>
        <extracomment>Columns holding scores in [0, 1] (test set, or cross-validation means). Columns that carry the near-chance marker (icon on the name, colour and tooltip on scores).</extracomment>
        <translation>sí</translation>
    </message>
    <message>
        <source>any</source>
        <translation>cualquiera</translation>
    </message>
    <message>
        <source>mean over the folds of {scheme} cross-validation</source>
        <translation>media de los pliegues de la validación cruzada {scheme}</translation>
    </message>
</context>
<context>
    <name>PipelinesPanel</name>
    <message>
        <source>Pipelines</source>
        <translation>Pipelines</translation>
    </message>
    <message>
        <source>Loading the classifiers…</source>
        <translation>Cargando los clasificadores…</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>Mostrar ajustes avanzados</translation>
    </message>
    <message>
        <source>Select a classifier to edit its grid.</source>
        <translation>Seleccione un clasificador para editar su rejilla.</translation>
    </message>
    <message numerus="yes">
        <source>%n configuration(s) of %1</source>
        <translation>
            <numerusform>%n configuración de %1</numerusform>
            <numerusform>%n configuraciones de %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>the default store</source>
        <translation>el almacén por defecto</translation>
    </message>
    <message>
        <source>Models kept loaded for inference (0: load from disk every time).</source>
        <translation>Modelos que se mantienen cargados para la inferencia (0: cargar del disco cada vez).</translation>
    </message>
    <message>
        <source>Total size of the model files kept loaded; the newest model always stays.</source>
        <translation>Tamaño total de los archivos de modelo que se mantienen cargados; el modelo más reciente siempre se queda.</translation>
    </message>
    <message>
        <source>System (follow the computer&apos;s language)</source>
        <translation>Sistema (el idioma del ordenador)</translation>
    </message>
    <message>
        <source>Applied the next time bcigui starts.</source>
        <translation>Se aplica la próxima vez que se inicie bcigui.</translation>
    </message>
    <message>
        <source>Address of a Dask scheduler of the lab (started with `dask scheduler`; workers with `dask worker ADDRESS`) offered in the Study tab&apos;s Run on.</source>
        <translation>Dirección de un planificador Dask del laboratorio (iniciado con `dask scheduler`; los trabajadores con `dask worker DIRECCIÓN`) que se ofrece en «Ejecutar en» de la pestaña Estudio.</translation>
    </message>
    <message>
        <source>Model store folder</source>
        <translation>Carpeta del almacén de modelos</translation>
    </message>
    <message>
        <source>Data folder (demo data)</source>
        <translation>Carpeta de datos (datos de demostración)</translation>
    </message>
    <message>
        <source>Models kept in memory</source>
        <translation>Modelos en memoria</translation>
    </message>
    <message>
        <source>Memory cache limit</source>
        <translation>Límite de la caché en memoria</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Dask scheduler for studies</source>
        <translation>Planificador Dask para estudios</translation>
    </message>
    <message>
        <source>Leave a folder empty to use the default. Colours follow the system&apos;s theme. A new language is applied the next time bcigui starts.</source>
        <translation>Deje una carpeta vacía para usar la predeterminada. Los colores siguen el tema del sistema. Un idioma nuevo se aplica la próxima vez que se inicie bcigui.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Elija una carpeta</translation>
    </message>
</context>
<context>
    <name>PresetRow</name>
    <message>
        <source>Fill the event map, window, baseline, filters, channels and rejection from a paradigm preset. Editing a field afterwards marks it “modified”.</source>
        <extracomment>A combo entry: (preset name, condition or None); None for &quot;no preset&quot;.</extracomment>
        <translation>Rellenar el mapa de eventos, la ventana, la línea base, los filtros, los canales y el rechazo a partir de un preset de paradigma. Editar un campo después lo marca como «modificado».</translation>
    </message>
    <message>
        <source>(modified)</source>
        <translation>(modificado)</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>Save current settings as preset…</source>
        <translation>Guardar los ajustes actuales como preset…</translation>
    </message>
    <message>
        <source>Import preset file…</source>
        <translation>Importar un archivo de preset…</translation>
    </message>
    <message>
        <source>Export to a file…</source>
        <translation>Exportar a un archivo…</translation>
    </message>
    <message>
        <source>Keep the current settings as a preset of your own, add a preset file (.json), or write the chosen preset to a file to share</source>
        <translation>Guardar los ajustes actuales como un preset propio, añadir un archivo de preset (.json) o escribir el preset elegido en un archivo para compartirlo</translation>
    </message>
    <message>
        <source>Preset</source>
        <extracomment>Where the listed recordings differ from the preset&apos;s reader hints (rate, channels).</extracomment>
        <translation>Preset</translation>
    </message>
    <message>
        <source>No preset</source>
        <translation>Sin preset</translation>
    </message>
    <message>
        <source>These recordings differ from the preset: {p}</source>
        <translation>Estos registros difieren del preset: {p}</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>Guardar como preset</translation>
    </message>
    <message>
        <source>Preset name (lower case, digits and &apos;-&apos;, e.g. lab-p300):</source>
        <translation>Nombre del preset (minúsculas, dígitos y &apos;-&apos;, p. ej. lab-p300):</translation>
    </message>
    <message>
        <source>Preset not saved</source>
        <translation>Preset no guardado</translation>
    </message>
    <message>
        <source>Replace preset?</source>
        <translation>¿Reemplazar el preset?</translation>
    </message>
    <message>
        <source>A preset named “{n}” exists already. Replace it?</source>
        <translation>Ya existe un preset llamado «{n}». ¿Reemplazarlo?</translation>
    </message>
    <message>
        <source>Import preset</source>
        <translation>Importar preset</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>Presets (*.json)</translation>
    </message>
    <message>
        <source>Preset not imported</source>
        <translation>Preset no importado</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>Exportar preset</translation>
    </message>
    <message>
        <source>Preset not exported</source>
        <translation>Preset no exportado</translation>
    </message>
</context>
<context>
    <name>ProbabilityTrace</name>
    <message>
        <source>Probability per epoch</source>
        <translation>Probabilidad por época</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>P(class)</source>
        <translation>P(clase)</translation>
    </message>
</context>
<context>
    <name>RecordingDialog</name>
    <message>
        <source>Open EEG recording — for inference</source>
        <extracomment>Milliseconds of quiet after an edit before the preview runs by itself. Notes about what was added but is no recording (an empty folder), shown in red.</extracomment>
        <translation>Abrir registro EEG — para inferencia</translation>
    </message>
    <message>
        <source>Open EEG recording — for training</source>
        <translation>Abrir registro EEG — para entrenamiento</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Epoch now (it also runs by itself after edits)</source>
        <translation>Segmentar ahora (también se hace solo tras cada cambio)</translation>
    </message>
    <message>
        <source>Use these trials</source>
        <translation>Usar estas épocas</translation>
    </message>
    <message>
        <source>Reading the model&apos;s input signature…</source>
        <extracomment>Why &quot;Use these trials&quot; is disabled (empty when it is enabled).</extracomment>
        <translation>Leyendo la firma de entrada del modelo…</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>leyendo…</translation>
    </message>
    <message>
        <source>{f} holds no EEG recordings ({e}); add the recording files themselves or another folder.</source>
        <translation>{f} no contiene registros EEG ({e}); añada los propios archivos de registro u otra carpeta.</translation>
    </message>
    <message>
        <source>unknown channels</source>
        <translation>canales desconocidos</translation>
    </message>
    <message>
        <source>unknown rate</source>
        <translation>frecuencia desconocida</translation>
    </message>
    <message>
        <source>{n} samples per trial</source>
        <translation>{n} muestras por época</translation>
    </message>
    <message>
        <source>any trial length</source>
        <translation>cualquier duración de época</translation>
    </message>
    <message>
        <source>The model expects: {c} at {r}, {l}; classes {k}. When it predicts, it applies its own signal stage ({s}) to the epochs.</source>
        <translation>El modelo espera: {c} a {r}, {l}; clases {k}. Al predecir, aplica su propia etapa de señal ({s}) a las épocas.</translation>
    </message>
    <message>
        <source>Cannot read the model: {m}</source>
        <translation>No se puede leer el modelo: {m}</translation>
    </message>
    <message>
        <source>Events → classes: {k} occur(s) in no recording listed; clear the class of these rows or add the recording that has them</source>
        <translation>Eventos → clases: {k} no aparece(n) en ningún registro de la lista; borre la clase de esas filas o añada el registro que los contiene</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>del modelo</translation>
    </message>
    <message>
        <source>the training recordings&apos;</source>
        <translation>de los registros de entrenamiento</translation>
    </message>
    <message>
        <source>Override {w} epoch settings (the differences are recorded with the results)</source>
        <translation>Sustituir los ajustes de segmentación {w} (las diferencias se registran con los resultados)</translation>
    </message>
    <message>
        <source>Applying {w} epoch settings: {d}.</source>
        <translation>Aplicando los ajustes de segmentación {w}: {d}.</translation>
    </message>
    <message>
        <source>Differs from {w} settings: {d}.</source>
        <translation>Difiere de los ajustes {w}: {d}.</translation>
    </message>
    <message>
        <source>Same as {w} settings: {d}.</source>
        <translation>Igual que los ajustes {w}: {d}.</translation>
    </message>
    <message>
        <source>Preview: updating…</source>
        <translation>Vista previa: actualizando…</translation>
    </message>
    <message>
        <source>Add a readable recording to preview its trials.</source>
        <translation>Añada un registro legible para previsualizar sus épocas.</translation>
    </message>
    <message>
        <source>Epoching…</source>
        <translation>Segmentando…</translation>
    </message>
    <message>
        <source>Preview failed: {m}</source>
        <translation>Error en la vista previa: {m}</translation>
    </message>
    <message>
        <source>Add one or more recordings.</source>
        <translation>Añada uno o más registros.</translation>
    </message>
    <message>
        <source>Reading the recordings…</source>
        <translation>Leyendo los registros…</translation>
    </message>
    <message>
        <source>The model cannot be read (see above).</source>
        <translation>No se puede leer el modelo (véase arriba).</translation>
    </message>
    <message>
        <source>Remove the recordings that cannot be used: {n}.</source>
        <translation>Quite los registros que no se pueden usar: {n}.</translation>
    </message>
    <message>
        <source>Fix the epoch settings (the message in red on the left).</source>
        <translation>Corrija los ajustes de segmentación (el mensaje en rojo de la izquierda).</translation>
    </message>
    <message>
        <source>Waiting for the preview of these settings…</source>
        <translation>Esperando la vista previa de estos ajustes…</translation>
    </message>
    <message>
        <source>The preview found problems: {p}</source>
        <translation>La vista previa encontró problemas: {p}</translation>
    </message>
</context>
<context>
    <name>RecordingFilesBox</name>
    <message>
        <source>Add files…</source>
        <translation>Añadir…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>or drop {extensions} files on the table</source>
        <translation>o arrastre archivos {extensions} a la tabla</translation>
    </message>
    <message>
        <source>EEG recordings</source>
        <extracomment>Every broken recording with its whole error (the table&apos;s cell elides it), and notes such as &quot;this folder holds no recordings&quot;.</extracomment>
        <translation>Registros EEG</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
</context>
<context>
    <name>RecordingRow</name>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Training recordings</source>
        <translation>Registros de entrenamiento</translation>
    </message>
    <message>
        <source>Test recordings</source>
        <translation>Registros de prueba</translation>
    </message>
    <message>
        <source>Epoched unlike the training recordings: {d}</source>
        <translation>Segmentado de forma distinta a los registros de entrenamiento: {d}</translation>
    </message>
    <message>
        <source>Epoched like the training recordings.</source>
        <translation>Segmentado igual que los registros de entrenamiento.</translation>
    </message>
</context>
<context>
    <name>RecordingTable</name>
    <message>
        <source>File</source>
        <extracomment>Column of the status text.</extracomment>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Frecuencia</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Events (count)</source>
        <translation>Eventos (número)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>correcto</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>Confusion matrix (rows: true class)</source>
        <translation>Matriz de confusión (filas: clase real)</translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation>Mostrar en la biblioteca</translation>
    </message>
    <message>
        <source>Use for inference</source>
        <translation>Usar para inferencia</translation>
    </message>
    <message>
        <source>Results of the selected run appear here when it ends.</source>
        <translation>Los resultados de la ejecución seleccionada aparecen aquí cuando termina.</translation>
    </message>
    <message>
        <source>Confusion matrix, all folds (rows: true class)</source>
        <translation>Matriz de confusión, todos los pliegues (filas: clase real)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <source>Not saved yet: answer whether to save this near-chance model.</source>
        <translation>Aún no se ha guardado: responda si quiere guardar este modelo cercano al azar.</translation>
    </message>
    <message>
        <source>Not saved: this near-chance model was discarded.</source>
        <translation>No guardado: este modelo cercano al azar se descartó.</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>No guardado.</translation>
    </message>
</context>
<context>
    <name>RunOnBox</name>
    <message>
        <source>Run on</source>
        <translation>Ejecutar en</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Este ordenador</translation>
    </message>
    <message>
        <source> processes</source>
        <translation> procesos</translation>
    </message>
    <message>
        <source>Dask scheduler at</source>
        <translation>Planificador Dask en</translation>
    </message>
    <message>
        <source>A running Dask scheduler (dask scheduler / dask worker on the lab machines, with bcigui installed in the same version); remembered in Preferences.</source>
        <translation>Un planificador Dask en marcha (dask scheduler / dask worker en las máquinas del laboratorio, con la misma versión de bcigui instalada); se recuerda en Preferencias.</translation>
    </message>
    <message>
        <source>Enter the Dask scheduler&apos;s address (tcp://host:8786).</source>
        <translation>Escriba la dirección del planificador Dask (tcp://host:8786).</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>Train</source>
        <extracomment>The curves may be this narrow (their own hint is two full plots side by side).</extracomment>
        <translation>Entrenar y guardar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Stop the running run after the current batch; nothing is saved.</source>
        <translation>Detener la ejecución en curso tras el lote actual; no se guarda nada.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando</translation>
    </message>
    <message>
        <source>Unqueue</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove the selected queued run from the queue before it starts.</source>
        <translation>Quitar de la cola la ejecución seleccionada antes de que empiece.</translation>
    </message>
    <message>
        <source>Runs of this session; select one to see its curves and results. Trains queue up and run one after another.</source>
        <translation>Ejecuciones de esta sesión; seleccione una para ver sus curvas y resultados. Los entrenamientos se ponen en cola y se ejecutan uno tras otro.</translation>
    </message>
    <message>
        <source>Log of the runs</source>
        <translation>Registro de las ejecuciones</translation>
    </message>
    <message>
        <source>Waiting for the runs before it.</source>
        <translation>Esperando a las ejecuciones anteriores.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Terminado.</translation>
    </message>
    <message>
        <source>Stopped; nothing was saved.</source>
        <translation>Detenido; no se guardó nada.</translation>
    </message>
    <message>
        <source>Failed: {m}</source>
        <translation>Error: {m}</translation>
    </message>
    <message>
        <source>{t} trains in one step: no epochs, no curves. Results appear below.</source>
        <translation>{t} se entrena en un solo paso: sin pasadas ni curvas. Los resultados aparecen abajo.</translation>
    </message>
    <message>
        <source>This run failed: {m}</source>
        <translation>Esta ejecución falló: {m}</translation>
    </message>
    <message>
        <source>This run was stopped; nothing was saved.</source>
        <translation>Esta ejecución se detuvo; no se guardó nada.</translation>
    </message>
</context>
<context>
    <name>RunRecord</name>
    <message>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>stopping…</source>
        <translation>deteniendo…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falló</translation>
    </message>
    <message>
        <source>stopped, not saved</source>
        <translation>detenido, no guardado</translation>
    </message>
    <message>
        <source>Epoch {e}/{n}</source>
        <translation>Pasada {e}/{n}</translation>
    </message>
    <message>
        <source>batch {b}/{n}</source>
        <translation>lote {b}/{n}</translation>
    </message>
    <message>
        <source>loss {x:.3f}</source>
        <translation>pérdida {x:.3f}</translation>
    </message>
    <message>
        <source>val. accuracy {x:.3f}</source>
        <translation>exactitud de val. {x:.3f}</translation>
    </message>
    <message>
        <source>ETA {t}</source>
        <translation>quedan {t}</translation>
    </message>
    <message>
        <source>accuracy {a:.3f}, balanced {b:.3f}</source>
        <translation>exactitud {a:.3f}, equilibrada {b:.3f}</translation>
    </message>
</context>
<context>
    <name>SpellerMatrix</name>
    <message>
        <source>Speller matrix (a P300 target/non-target model)</source>
        <translation>Matriz del deletreador (un modelo P300 objetivo/no objetivo)</translation>
    </message>
</context>
<context>
    <name>SpellerOptions</name>
    <message>
        <source>Speller: the markers name flash groups</source>
        <translation>Deletreador: los marcadores nombran grupos de destellos</translation>
    </message>
    <message>
        <source>Off: each epoch is a decision (for a stimulus program that sends target and non-target markers, or a replayed calibration recording)</source>
        <translation>Desactivado: cada época es una decisión (para un programa de estímulos que envía marcadores de objetivo y no objetivo, o un registro de calibración reproducido)</translation>
    </message>
    <message>
        <source>6x6 matrix (A-Z, 1-9, _)</source>
        <translation>Matriz 6x6 (A-Z, 1-9, _)</translation>
    </message>
    <message>
        <source>Layout file (JSON)…</source>
        <translation>Archivo de disposición (JSON)…</translation>
    </message>
    <message>
        <source>Fixed repetitions</source>
        <translation>Repeticiones fijas</translation>
    </message>
    <message>
        <source>Dynamic stopping at</source>
        <translation>Parada dinámica en</translation>
    </message>
    <message>
        <source>Stop when the best symbol&apos;s posterior reaches it</source>
        <translation>Parar cuando la probabilidad a posteriori del mejor símbolo la alcance</translation>
    </message>
    <message>
        <source>min </source>
        <translation>mín. </translation>
    </message>
    <message>
        <source>max </source>
        <translation>máx. </translation>
    </message>
    <message>
        <source>Cue-locked: each epoch is a decision.</source>
        <translation>Ligado a la señal: cada época es una decisión.</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Disposición</translation>
    </message>
    <message>
        <source>Each epoch is a decision (its predicted class).</source>
        <translation>Cada época es una decisión (su clase predicha).</translation>
    </message>
    <message>
        <source>Cue-locked: each epoch is a decision (not a P300 target/non-target model).</source>
        <translation>Ligado a la señal: cada época es una decisión (no es un modelo P300 objetivo/no objetivo).</translation>
    </message>
    <message>
        <source>Speller layout</source>
        <translation>Disposición del deletreador</translation>
    </message>
    <message>
        <source>Layout files (*.json)</source>
        <translation>Archivos de disposición (*.json)</translation>
    </message>
    <message>
        <source>Layout {name} not used: {why}</source>
        <translation>Disposición {name} no usada: {why}</translation>
    </message>
</context>
<context>
    <name>StreamPicker</name>
    <message>
        <source>irregular</source>
        <extracomment>Seconds discovery waits for streams to answer.</extracomment>
        <translation>irregular</translation>
    </message>
    <message>
        <source>{rate} Hz</source>
        <translation>{rate} Hz</translation>
    </message>
    <message>
        <source>{n} ch</source>
        <translation>{n} can.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Look for Lab Streaming Layer streams again</source>
        <translation>Volver a buscar flujos de Lab Streaming Layer</translation>
    </message>
    <message>
        <source>EEG stream</source>
        <translation>Flujo EEG</translation>
    </message>
    <message>
        <source>Markers</source>
        <translation>Marcadores</translation>
    </message>
    <message>
        <source>Looking for streams…</source>
        <translation>Buscando flujos…</translation>
    </message>
    <message>
        <source>(stim channel in the EEG stream)</source>
        <translation>(canal de estímulos en el flujo EEG)</translation>
    </message>
    <message>
        <source>No EEG stream found: start one, or replay a recording</source>
        <translation>No se encontró ningún flujo EEG: inicie uno o reproduzca un registro</translation>
    </message>
    <message numerus="yes">
        <source>{kind}, %n channel(s), {rate} Hz, on {host}</source>
        <translation>
            <numerusform>{kind}, %n canal, {rate} Hz, en {host}</numerusform>
            <numerusform>{kind}, %n canales, {rate} Hz, en {host}</numerusform>
        </translation>
    </message>
    <message>
        <source>no type</source>
        <translation>sin tipo</translation>
    </message>
    <message>
        <source>Units: assumed microvolts (the stream describes none)</source>
        <translation>Unidades: se asumen microvoltios (el flujo no describe ninguna)</translation>
    </message>
    <message>
        <source>Units: {why}</source>
        <translation>Unidades: {why}</translation>
    </message>
    <message>
        <source>Units: from the stream description</source>
        <translation>Unidades: de la descripción del flujo</translation>
    </message>
</context>
<context>
    <name>StudyDataPanel</name>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Data set</source>
        <extracomment>(X file, label file) of each row when the data are trial files. The recordings (one per row) and their epoch settings when the data are recordings.</extracomment>
        <translation>Conjunto de datos</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Add trial files…</source>
        <translation>Añadir archivos de épocas…</translation>
    </message>
    <message>
        <source>Recordings…</source>
        <translation>Registros…</translation>
    </message>
    <message>
        <source>Pick EEG recordings and how they become trials; each recording is a group.</source>
        <translation>Elegir registros EEG y cómo se convierten en épocas; cada registro es un grupo.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Double-click a group to edit it; data sets with the same group are one subject.</source>
        <translation>Haga doble clic en un grupo para editarlo; los conjuntos de datos con el mismo grupo son un sujeto.</translation>
    </message>
    <message>
        <source>Add trial files</source>
        <translation>Añadir archivos de épocas</translation>
    </message>
    <message>
        <source>Trial files</source>
        <translation>Archivos de épocas</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
    <message>
        <source>No label file found for: {f}</source>
        <translation>No se encontró archivo de etiquetas para: {f}</translation>
    </message>
    <message>
        <source>Each recording is one group (subject or session).</source>
        <translation>Cada registro es un grupo (sujeto o sesión).</translation>
    </message>
    <message>
        <source>Each recording is one group.</source>
        <translation>Cada registro es un grupo.</translation>
    </message>
</context>
<context>
    <name>StudyGrid</name>
    <message>
        <source>write true or false</source>
        <extracomment>Editors whose field can take a list of values.</extracomment>
        <translation>escriba true o false</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>no es un número entero</translation>
    </message>
    <message>
        <source>not a number nor one of {c}</source>
        <translation>no es un número ni uno de {c}</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>not a finite number</source>
        <translation>no es un número finito</translation>
    </message>
    <message>
        <source>not one of {c}</source>
        <translation>no es uno de {c}</translation>
    </message>
    <message>
        <source>{field}: {value!r} is {why}.</source>
        <translation>{field}: {value!r} {why}.</translation>
    </message>
    <message>
        <source>{field}: {value} is outside the allowed range ({range}).</source>
        <translation>{field}: {value} está fuera del rango permitido ({range}).</translation>
    </message>
    <message>
        <source>values: e.g. 2, 4, 8</source>
        <extracomment>The &quot;values&quot; line edit of each field that can take a list of values. Grid entries read from a spec that no editor shows (nested keys with several values). Random search ranges (``random``, ``n_iter``) and ``name`` read from a spec, kept.</extracomment>
        <translation>valores: p. ej. 2, 4, 8</translation>
    </message>
    <message>
        <source>Try several values of this field in the study, separated by commas (semicolons when a comma is the decimal mark). Empty: the value at left.</source>
        <translation>Probar varios valores de este campo en el estudio, separados por comas (por punto y coma cuando la coma es el separador decimal). Vacío: el valor de la izquierda.</translation>
    </message>
    <message>
        <source>Also varied (from the spec): {items}</source>
        <translation>También se varía (según la especificación): {items}</translation>
    </message>
    <message>
        <source>Random search (from the spec, {n} draws): {items}</source>
        <translation>Búsqueda aleatoria (según la especificación, {n} sorteos): {items}</translation>
    </message>
</context>
<context>
    <name>StudyLeaderboard</name>
    <message>
        <source>defaults</source>
        <translation>valores por defecto</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} h {m:02d} min</translation>
    </message>
    <message>
        <source>here</source>
        <extracomment>Rank from the study&apos;s final summary (None while running: ranked by the live mean). The pipeline&apos;s nested-CV score (&quot;0.812 ± 0.030&quot;) and rank, once the study finished.</extracomment>
        <translation>aquí</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>{m} (mean ± SD)</source>
        <translation>{m} (media ± DE)</translation>
    </message>
    <message>
        <source>Folds</source>
        <translation>Pliegues</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Tiempo restante</translation>
    </message>
    <message>
        <source>Nested CV {m}</source>
        <translation>VC anidada {m}</translation>
    </message>
    <message>
        <source>Ran on</source>
        <translation>Ejecutado en</translation>
    </message>
    <message>
        <source>{n} failed</source>
        <translation>(fallidas: {n})</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminado</translation>
    </message>
</context>
<context>
    <name>StudyResults</name>
    <message>
        <source>No study run yet.</source>
        <extracomment>Longest wait between a row&apos;s arrival and the redraw of the views. The pipelines&apos; nested-CV fold scores once the study finished (None while running: the plot then shows every configuration&apos;s folds).</extracomment>
        <translation>Aún no se ha ejecutado ningún estudio.</translation>
    </message>
    <message>
        <source>Fold scores per pipeline</source>
        <translation>Puntuaciones por pliegue de cada pipeline</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Mean A - B</source>
        <translation>Media A - B</translation>
    </message>
    <message>
        <source>Wilcoxon p</source>
        <translation>p de Wilcoxon</translation>
    </message>
    <message>
        <source>Effect r</source>
        <translation>Efecto r</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Rank-biserial correlation in [-1, 1]; positive: A scores higher.</source>
        <translation>Correlación biserial de rangos en [-1, 1]; positiva: A puntúa más alto.</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Best parameters</source>
        <translation>Mejores parámetros</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Export rows to CSV…</source>
        <translation>Exportar filas a CSV…</translation>
    </message>
    <message>
        <source>Show in library</source>
        <translation>Mostrar en la biblioteca</translation>
    </message>
    <message>
        <source>Make champion</source>
        <translation>Hacer campeón</translation>
    </message>
    <message>
        <source>Mark the selected model as its label&apos;s champion in the library.</source>
        <translation>Marcar el modelo seleccionado como campeón de su etiqueta en la biblioteca.</translation>
    </message>
    <message>
        <source>Leaderboard</source>
        <translation>Clasificación</translation>
    </message>
    <message>
        <source>Pairwise comparison (paired over folds)</source>
        <translation>Comparación por pares (emparejada por pliegues)</translation>
    </message>
    <message>
        <source>Best model of each pipeline (refitted on all data)</source>
        <translation>Mejores modelos, reajustados con todos los datos</translation>
    </message>
    <message>
        <source>Fold scores per pipeline (every configuration)</source>
        <translation>Puntuaciones por pliegue de cada pipeline (todas las configuraciones)</translation>
    </message>
    <message>
        <source>Starting the study…</source>
        <translation>Iniciando el estudio…</translation>
    </message>
    <message>
        <source>Nested cross-validation fold scores per pipeline</source>
        <translation>Puntuaciones por pliegue de la validación cruzada anidada de cada pipeline</translation>
    </message>
    <message>
        <source>{p} better</source>
        <translation>{p} es mejor</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>sin diferencia clara</translation>
    </message>
    <message>
        <source>Export rows to CSV</source>
        <translation>Exportar filas a CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to {p}</source>
        <translation>
            <numerusform>%n fila escrita en {p}</numerusform>
            <numerusform>%n filas escritas en {p}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StudyTab</name>
    <message>
        <source>The best models are saved under &lt;store&gt;/&lt;label&gt;/.</source>
        <translation>Los mejores modelos se guardan en &lt;almacén&gt;/&lt;etiqueta&gt;/.</translation>
    </message>
    <message>
        <source>Open spec…</source>
        <translation>Abrir especificación…</translation>
    </message>
    <message>
        <source>Save spec…</source>
        <translation>Guardar especificación…</translation>
    </message>
    <message>
        <source>Run study</source>
        <translation>Ejecutar estudio</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Save best models as label</source>
        <translation>Guardar los mejores modelos con la etiqueta</translation>
    </message>
    <message>
        <source>Loading the classifiers…</source>
        <translation>Cargando los clasificadores…</translation>
    </message>
    <message>
        <source>Add trial files or recordings.</source>
        <translation>Añada archivos de épocas o registros.</translation>
    </message>
    <message>
        <source>Tick at least one pipeline.</source>
        <translation>Marque al menos un pipeline.</translation>
    </message>
    <message>
        <source>Tick at least one metric.</source>
        <translation>Marque al menos una métrica.</translation>
    </message>
    <message>
        <source>The study cannot be saved</source>
        <translation>No se puede guardar el estudio</translation>
    </message>
    <message>
        <source>Save study spec</source>
        <translation>Guardar la especificación del estudio</translation>
    </message>
    <message>
        <source>Study specs (*.toml)</source>
        <translation>Especificaciones de estudio (*.toml)</translation>
    </message>
    <message>
        <source>Study spec saved to {p}</source>
        <translation>Especificación del estudio guardada en {p}</translation>
    </message>
    <message>
        <source>Open study spec</source>
        <translation>Abrir una especificación de estudio</translation>
    </message>
    <message>
        <source>Study specs (*.toml);;All files (*)</source>
        <translation>Especificaciones de estudio (*.toml);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The study spec cannot be opened</source>
        <translation>No se puede abrir la especificación del estudio</translation>
    </message>
    <message>
        <source>Opened {p}</source>
        <translation>Abierto {p}</translation>
    </message>
    <message>
        <source>Fix the named key and try again.</source>
        <translation>Corrija la clave indicada y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The study cannot run</source>
        <translation>El estudio no puede ejecutarse</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message numerus="yes">
        <source>Study finished: %n task(s) in {t:.0f} s.</source>
        <translation>
            <numerusform>Estudio terminado: %n tarea en {t:.0f} s.</numerusform>
            <numerusform>Estudio terminado: %n tareas en {t:.0f} s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Study finished</source>
        <translation>Estudio terminado</translation>
    </message>
    <message>
        <source>The study stopped: {m}</source>
        <translation>El estudio se detuvo: {m}</translation>
    </message>
    <message>
        <source>The study failed</source>
        <translation>El estudio falló</translation>
    </message>
    <message numerus="yes">
        <source>Study cancelled; %n finished task(s) kept.</source>
        <translation>
            <numerusform>Estudio cancelado; se conserva %n tarea terminada.</numerusform>
            <numerusform>Estudio cancelado; se conservan %n tareas terminadas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Study cancelled</source>
        <translation>Estudio cancelado</translation>
    </message>
    <message>
        <source>Could not make it champion: {e}</source>
        <translation>No se pudo hacer campeón: {e}</translation>
    </message>
    <message>
        <source>{n} is now the champion of its label</source>
        <translation>{n} es ahora el campeón de su etiqueta</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>pasada</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>validation (held out from the training files)</source>
        <translation>validación (épocas reservadas)</translation>
    </message>
    <message>
        <source>Loss and accuracy curves appear here while a network trains.</source>
        <translation>Las curvas de pérdida y exactitud aparecen aquí mientras se entrena una red.</translation>
    </message>
</context>
<context>
    <name>TrainingTab</name>
    <message>
        <source>Demo data loaded: {k}</source>
        <extracomment>Clicks on Train closer together than this queue one run, not two (a double click). Open &quot;save this near-chance model?&quot; questions, by run number.</extracomment>
        <translation>Datos demo cargados: {k}</translation>
    </message>
    <message>
        <source>Loading the classifiers…</source>
        <translation>Cargando los clasificadores…</translation>
    </message>
    <message>
        <source>Add training files (or load the demo data).</source>
        <translation>Añada archivos de entrenamiento (o cargue los datos demo).</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>Comprobando los archivos…</translation>
    </message>
    <message>
        <source>Fix the data problems listed under the files.</source>
        <translation>Corrija los problemas de datos indicados bajo los archivos.</translation>
    </message>
    <message>
        <source>Add test files, split a test set from the training files, or choose cross-validation.</source>
        <translation>Añada archivos de prueba, separe un conjunto de prueba de los de entrenamiento o elija validación cruzada.</translation>
    </message>
    <message>
        <source>{t} needs trials of one length; these differ. Choose LSTMNet.</source>
        <translation>{t} necesita épocas de la misma duración; estas difieren. Elija LSTMNet.</translation>
    </message>
    <message>
        <source>Fix the model settings: {e}</source>
        <translation>Corrija los ajustes del modelo: {e}</translation>
    </message>
    <message>
        <source>Ready: {n} trials to cross-validate, label &apos;{label}&apos;.</source>
        <translation>Listo: {n} épocas para la validación cruzada, etiqueta «{label}».</translation>
    </message>
    <message>
        <source>Ready: {n} training and {m} test trials, label &apos;{label}&apos;.</source>
        <translation>Listo: {n} épocas de entrenamiento y {m} de prueba, etiqueta «{label}».</translation>
    </message>
    <message numerus="yes">
        <source>Train now queues after %n run(s).</source>
        <translation>
            <numerusform>Entrenar ahora se pone en cola tras %n ejecución.</numerusform>
            <numerusform>Entrenar ahora se pone en cola tras %n ejecuciones.</numerusform>
        </translation>
    </message>
    <message>
        <source>#{n} queued: {t} ({s})</source>
        <translation>#{n} en cola: {t} ({s})</translation>
    </message>
    <message>
        <source>#{n} stopping after the current batch…</source>
        <translation>#{n} se detiene tras el lote actual…</translation>
    </message>
    <message>
        <source>#{n} removed from the queue</source>
        <translation>#{n} quitado de la cola</translation>
    </message>
    <message>
        <source>#{n} started</source>
        <translation>#{n} iniciado</translation>
    </message>
    <message>
        <source>#{n} epoch {e}: </source>
        <translation>#{n} pasada {e}: </translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <source>val_loss</source>
        <translation>pérdida de val.</translation>
    </message>
    <message>
        <source>val_accuracy</source>
        <translation>exactitud de val.</translation>
    </message>
    <message>
        <source>#{n} done: {s}</source>
        <translation>#{n} terminado: {s}</translation>
    </message>
    <message>
        <source>#{n} saved to {p}</source>
        <translation>#{n} guardado en {p}</translation>
    </message>
    <message>
        <source>Model saved to {p}</source>
        <translation>Modelo guardado en {p}</translation>
    </message>
    <message>
        <source>Save a near-chance model?</source>
        <translation>¿Guardar un modelo cercano al azar?</translation>
    </message>
    <message>
        <source>Run #{n} ({t}) scored within noise of chance. Save it to the library under &apos;{label}&apos; anyway?</source>
        <translation>La ejecución #{n} ({t}) puntuó dentro del margen de ruido del azar. ¿Guardarla en la biblioteca bajo «{label}» de todos modos?</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Guardar de todos modos</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Run #{n} is near chance: save it?</source>
        <translation>La ejecución #{n} está cerca del azar: ¿guardarla?</translation>
    </message>
    <message>
        <source>#{n} discarded (near chance); nothing was saved</source>
        <translation>#{n} descartado (cerca del azar); no se guardó nada</translation>
    </message>
    <message>
        <source>save #{n}</source>
        <translation>guardar #{n}</translation>
    </message>
    <message>
        <source>#{n} could not be saved: {m}</source>
        <translation>#{n} no se pudo guardar: {m}</translation>
    </message>
    <message>
        <source>Saving failed: {t}</source>
        <translation>Error al guardar: {t}</translation>
    </message>
    <message>
        <source>#{n} failed: {m}</source>
        <translation>#{n} falló: {m}</translation>
    </message>
    <message>
        <source>Training failed: {t}</source>
        <translation>Error en el entrenamiento: {t}</translation>
    </message>
    <message>
        <source>#{n} stopped; nothing was saved</source>
        <translation>#{n} detenido; no se guardó nada</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>Trash</source>
        <translation>Papelera</translation>
    </message>
    <message>
        <source>{name}   (deleted {when})</source>
        <translation>{name}   (eliminado {when})</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>La papelera está vacía.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>{n} trials x {c} channels x {t} samples</source>
        <translation>{n} épocas x {c} canales x {t} muestras</translation>
    </message>
    <message>
        <source>reading {n} file pairs</source>
        <translation>leyendo {n} pares de archivos</translation>
    </message>
    <message>
        <source>files checked</source>
        <translation>archivos comprobados</translation>
    </message>
    <message>
        <source>writing the {k} demo data set to {t}</source>
        <translation>escribiendo el conjunto demo {k} en {t}</translation>
    </message>
    <message>
        <source>demo data written</source>
        <translation>datos demo escritos</translation>
    </message>
    <message>
        <source>{f}: no label file paired with it; add one (or remove the row)</source>
        <translation>{f}: no tiene archivo de etiquetas emparejado; añada uno (o quite la fila)</translation>
    </message>
    <message>
        <source>{f}: no X file paired with it; add one (or remove the row)</source>
        <translation>{f}: no tiene archivo X emparejado; añada uno (o quite la fila)</translation>
    </message>
    <message>
        <source>{f}: {problem}</source>
        <translation>{f}: {problem}</translation>
    </message>
    <message>
        <source>{f}: has {n} features, but the first file {first} has {m} (every file must hold the same features in the same order)</source>
        <translation>{f}: tiene {n} características, pero el primer archivo {first} tiene {m} (todos los archivos deben tener las mismas características en el mismo orden)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminado</translation>
    </message>
    <message>
        <source>loading {f}</source>
        <translation>cargando {f}</translation>
    </message>
    <message>
        <source>predicting {n} epochs</source>
        <translation>prediciendo {n} épocas</translation>
    </message>
    <message>
        <source>{steps} x {features}</source>
        <translation>{steps} x {features}</translation>
    </message>
    <message>
        <source>no epoch settings (trained on trial files): give the event mapping and window</source>
        <translation>sin ajustes de segmentación (entrenado con archivos de épocas): indique la asignación de eventos y la ventana</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>{n} channels {names}</source>
        <translation>{n} canales {names}</translation>
    </message>
    <message>
        <source>{channels}, {window} epochs</source>
        <translation>{channels}, épocas de {window}</translation>
    </message>
    <message>
        <source>{n} time steps</source>
        <translation>{n} instantes</translation>
    </message>
    <message>
        <source>any number of time steps</source>
        <translation>cualquier número de instantes</translation>
    </message>
    <message>
        <source>{n} features</source>
        <translation>{n} características</translation>
    </message>
    <message>
        <source>any number of features</source>
        <translation>cualquier número de características</translation>
    </message>
    <message>
        <source>{steps} x {features} at {rate} Hz</source>
        <translation>{steps} x {features} a {rate} Hz</translation>
    </message>
    <message>
        <source>{n} channels</source>
        <translation>{n} canales</translation>
    </message>
    <message>
        <source>any number of channels</source>
        <translation>cualquier número de canales</translation>
    </message>
    <message>
        <source>{channels} at {rate} Hz, {window} epochs</source>
        <translation>{channels} a {rate} Hz, épocas de {window}</translation>
    </message>
    <message>
        <source>checking {n} recording(s) against the model</source>
        <translation>comprobando {n} registro(s) frente al modelo</translation>
    </message>
    <message>
        <source>predicting {n} files</source>
        <translation>prediciendo {n} archivos</translation>
    </message>
    <message>
        <source>reading {f}</source>
        <translation>leyendo {f}</translation>
    </message>
    <message>
        <source>loading TensorFlow (first network of this session, a few seconds)</source>
        <translation>cargando TensorFlow (primera red de esta sesión, unos segundos)</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>guardando</translation>
    </message>
    <message>
        <source>evaluating on the test set</source>
        <translation>evaluando en el conjunto de prueba</translation>
    </message>
    <message>
        <source>Near chance: {reason}</source>
        <translation>Cerca del azar: {reason}</translation>
    </message>
    <message>
        <source>no better than a guess</source>
        <translation>no mejor que una conjetura al azar</translation>
    </message>
    <message>
        <source>balanced accuracy {b} is within the range a random guess reaches (chance {c}, 95 % of guesses score up to {u} on these {n} trials)</source>
        <translation>la exactitud equilibrada {b} está dentro del rango que alcanza una conjetura al azar (azar {c}; el 95 % de las conjeturas llega hasta {u} en estas {n} épocas)</translation>
    </message>
    <message>
        <source>ROC-AUC {auc:.3f} is within the range of a random ranking (0.5, 95 % of random rankings reach up to {limit:.3f})</source>
        <translation>El ROC-AUC {auc:.3f} está dentro del rango de una ordenación al azar (0,5; el 95 % de las ordenaciones al azar llega hasta {limit:.3f})</translation>
    </message>
    <message>
        <source>every trial was predicted as &apos;{c}&apos;</source>
        <translation>todas las épocas se predijeron como «{c}»</translation>
    </message>
    <message>
        <source>Too few training trials: &apos;{c}&apos; has {n} (aim for at least {k} per class; more recordings help most).</source>
        <translation>Muy pocas épocas de entrenamiento: «{c}» tiene {n} (intente tener al menos {k} por clase; más registros es lo que más ayuda).</translation>
    </message>
    <message>
        <source>Early stopping kept the weights of epoch 1: the network never improved on its validation loss. Try a lower learning rate, more patience or more trials.</source>
        <translation>La parada temprana conservó los pesos de la pasada 1: la red nunca mejoró su pérdida de validación. Pruebe una tasa de aprendizaje menor, más paciencia o más épocas.</translation>
    </message>
    <message>
        <source>Preprocessing mismatch: the data may be epoched or filtered differently from what the model was trained on ({p}). Check that they match.</source>
        <translation>Preprocesado distinto: puede que los datos estén segmentados o filtrados de otra forma que aquellos con los que se entrenó el modelo ({p}). Compruebe que coinciden.</translation>
    </message>
    <message>
        <source>Class imbalance ({shares}): accuracy rewards always answering the larger class; judge by balanced accuracy, and train with class_weight=&apos;balanced&apos;.</source>
        <translation>Clases desequilibradas ({shares}): la exactitud premia responder siempre la clase mayor; juzgue por la exactitud equilibrada y entrene con class_weight=&apos;balanced&apos;.</translation>
    </message>
    <message>
        <source>Too few test trials ({n}): scores this close to chance cannot be told apart from luck. Hold out more trials or cross-validate.</source>
        <translation>Muy pocas épocas de prueba ({n}): puntuaciones tan cercanas al azar no se distinguen de la suerte. Reserve más épocas o use validación cruzada.</translation>
    </message>
    <message>
        <source>Likely causes:</source>
        <translation>Causas probables:</translation>
    </message>
    <message>
        <source>Imbalanced training classes ({shares}): keep class_weight=&apos;balanced&apos; or balance the trials.</source>
        <translation>Clases de entrenamiento desequilibradas ({shares}): mantenga class_weight=&apos;balanced&apos; o equilibre las épocas.</translation>
    </message>
    <message>
        <source>The network trained for only {n} epoch(s): raise epochs.</source>
        <translation>La red se entrenó solo {n} pasada(s): aumente las pasadas.</translation>
    </message>
    <message>
        <source>• {cause}</source>
        <translation>• {cause}</translation>
    </message>
    <message>
        <source>{text}, dropout {rate:g}</source>
        <translation>{text}, dropout {rate:g}</translation>
    </message>
    <message>
        <source>{text}, bidirectional</source>
        <translation>{text}, bidireccional</translation>
    </message>
    <message>
        <source>cross-validation done</source>
        <translation>validación cruzada terminada</translation>
    </message>
    <message>
        <source>fold {k}/{n}</source>
        <translation>pliegue {k}/{n}</translation>
    </message>
    <message>
        <source>permutation {p}/{m}, fold {k}/{n}</source>
        <translation>permutación {p}/{m}, pliegue {k}/{n}</translation>
    </message>
    <message>
        <source>accuracy {a:.3f}, balanced accuracy {b:.3f}, macro F1 {f:.3f}, ROC-AUC {auc}, chance {c:.3f} (n={n})</source>
        <translation>exactitud {a:.3f}, exactitud equilibrada {b:.3f}, F1 macro {f:.3f}, ROC-AUC {auc}, azar {c:.3f} (n={n})</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/d</translation>
    </message>
    <message>
        <source>{summary} - NEAR CHANCE</source>
        <translation>{summary} - CERCA DEL AZAR</translation>
    </message>
    <message>
        <source>preparing data</source>
        <translation>preparando los datos</translation>
    </message>
    <message>
        <source>building the network</source>
        <translation>construyendo la red</translation>
    </message>
    <message>
        <source>holds a {kind} model, not a {expected} model; load it with {cls}.load() or bcigui.load_model()</source>
        <translation>contiene un modelo {kind}, no un modelo {expected}; cárguelo con {cls}.load() o bcigui.load_model()</translation>
    </message>
    <message>
        <source>unknown model type {t!r}</source>
        <translation>tipo de modelo desconocido {t!r}</translation>
    </message>
    <message>
        <source>fitting {m} on {n} trials</source>
        <translation>ajustando {m} con {n} épocas</translation>
    </message>
    <message>
        <source>{m} fitted</source>
        <translation>{m} ajustado</translation>
    </message>
    <message>
        <source>preparing features</source>
        <translation>preparando las características</translation>
    </message>
    <message>
        <source>fitting the SVM on {n} trials x {f} features</source>
        <translation>ajustando la SVM con {n} épocas x {f} características</translation>
    </message>
    <message>
        <source>SVM fitted</source>
        <translation>SVM ajustada</translation>
    </message>
    <message>
        <source>map at least one event to a class</source>
        <translation>asigne al menos un evento a una clase</translation>
    </message>
    <message>
        <source>{y} has {n} labels for {m} trials in {x}</source>
        <translation>{y} tiene {n} etiquetas para {m} épocas en {x}</translation>
    </message>
    <message>
        <source>save it with numpy.save(path, array)</source>
        <translation>guárdelo con numpy.save(path, array)</translation>
    </message>
    <message>
        <source>cannot be read: {reason}</source>
        <translation>no se puede leer: {reason}</translation>
    </message>
    <message>
        <source>cannot be read: permission denied</source>
        <translation>no se puede leer: permiso denegado</translation>
    </message>
    <message>
        <source>holds Python objects (pickled data); bcigui never unpickles data files</source>
        <translation>contiene objetos de Python (datos pickle); bcigui nunca deserializa archivos de datos</translation>
    </message>
    <message>
        <source>convert it to a numeric array, e.g. np.asarray(x, dtype=np.float32), and save it with numpy.save(path, array, allow_pickle=False)</source>
        <translation>conviértalo en un array numérico, p. ej. np.asarray(x, dtype=np.float32), y guárdelo con numpy.save(path, array, allow_pickle=False)</translation>
    </message>
    <message>
        <source>is a directory, not a {kind} file</source>
        <translation>es una carpeta, no un archivo {kind}</translation>
    </message>
    <message>
        <source>choose the {kind} files inside it</source>
        <translation>elija los archivos {kind} que contiene</translation>
    </message>
    <message>
        <source>is an empty file (0 bytes), not a NumPy .npy file</source>
        <translation>es un archivo vacío (0 bytes), no un archivo .npy de NumPy</translation>
    </message>
    <message>
        <source>is not a NumPy .npy file (bad magic string)</source>
        <translation>no es un archivo .npy de NumPy (cabecera mágica incorrecta)</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>no existe</translation>
    </message>
    <message>
        <source>cannot be read as a .npy array: {reason}</source>
        <translation>no se puede leer como array .npy: {reason}</translation>
    </message>
    <message>
        <source>save one trial as (T, F) = (time, features) or a stack of trials as (N, T, F)</source>
        <translation>guarde una época como (T, F) = (tiempo, características) o una pila de épocas como (N, T, F)</translation>
    </message>
    <message>
        <source>holds no trials (shape {shape})</source>
        <translation>no contiene épocas (forma {shape})</translation>
    </message>
    <message>
        <source>{n} labels for {m} trials in {f}</source>
        <translation>{n} etiquetas para {m} épocas en {f}</translation>
    </message>
    <message>
        <source>give one label per trial, or one label for all of them</source>
        <translation>dé una etiqueta por época, o una sola etiqueta para todas</translation>
    </message>
    <message>
        <source>contains NaN or infinite values (first at {where}, value {value}; {n} in all)</source>
        <translation>contiene valores NaN o infinitos (el primero en {where}, valor {value}; {n} en total)</translation>
    </message>
    <message>
        <source>remove or interpolate the bad samples before saving</source>
        <translation>quite o interpole las muestras malas antes de guardar</translation>
    </message>
    <message>
        <source>trials differ in channel (feature) count: {counts}</source>
        <translation>las épocas difieren en el número de canales (características): {counts}</translation>
    </message>
    <message>
        <source>{n} labels for {m} trials</source>
        <translation>{n} etiquetas para {m} épocas</translation>
    </message>
    <message>
        <source>{path}: {problem}</source>
        <translation>{path}: {problem}</translation>
    </message>
    <message>
        <source>Model not trained: train it before predicting.</source>
        <translation>Modelo no entrenado: entrénelo antes de predecir.</translation>
    </message>
    <message>
        <source>Stopped; nothing was saved.</source>
        <translation>Detenido; no se guardó nada.</translation>
    </message>
    <message>
        <source>{path}: {problem} ({fix})</source>
        <translation>{path}: {problem} ({fix})</translation>
    </message>
</context>
</TS>
