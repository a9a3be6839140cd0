@uc:service-events
Feature: Meter service and premises events at the head-end: change-out, tamper, PAN devices (IEC 61968-9 clauses 5.5, 5.9 / 2024 5.5, 5.7; MSR-02, MSR-03, PAN-02)
  The head-end tells the MDM (the suite, at <listener>/mdm/events) what happens to the meters in the field with
  created(EndDeviceEvents), each caused there by a stimulus. A meter changed out for another (the profile's
  data.spareMeter) is told with the removal of the old meter and the installation of the new one, of domain 6
  Installation (x.6.y.212 Removed, x.6.y.105 Installed, 27 ChangeOut: CIM9-130), the removal not dated after the
  installation (CIM9-131); the meters are changed back after the scenario. A tamper at a meter is told with a tamper
  event of that meter (3.12.0.257, CIM9-132). The events of a PAN device at a meter's premises (its usage point,
  CIM9-134) have an EndDeviceType of a PAN device (12, 15, 16, 17, 19: CIM9-133). An MDM told a tamper by the head-end
  (the suite) forwards it to the CIS (the suite, at <listener>/cis/events) with the same code for the meter (MSR-03
  step 2, ECITP 2.07). The MDM's forward of the change-out (MSR-02 "MDM → CIS") is not tested yet.

  @usecase:MSR-02 @pattern:P2 @edition:2024 @clause:2024:5.5
  @clause:2013:5.5 @role:HES @edition:2013 @req:MSR-02.1 @cap:stimulus
  Scenario: The head-end tells the MDM the removal and the installation of a meter change-out
    Given a meter installed at a usage point
    When the meter is changed out in the field for the spare meter
    And the MDM waits for the change-out events of the meters
    Then the message is valid against its schemas
    And the message header is conformant
    And the events tell the removal of the old meter before the installation of the new one

  @usecase:MSR-03 @pattern:P2
  @clause:2013:5.5 @role:HES @edition:2013 @req:MSR-03.1 @cap:stimulus
  Scenario: The head-end tells the MDM a tamper at a meter
    Given a meter installed at a usage point
    When a tamper occurs at the meter in the field
    And the MDM waits for the tamper event of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the MDM is told a tamper event of the meter

  @usecase:MSR-02 @pattern:P2 @edition:2024 @clause:2024:5.5
  @clause:2013:5.5 @role:MDM @edition:2013 @req:MSR-02.2 @cap:changeout-forward
  Scenario: The MDM forwards to the CIS the change-out events the head-end tells it (CIM9-246)
    Given a meter installed at a usage point
    And its replacement meter created at the MDM
    When the head-end reports the change-out of the meter for its replacement to the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the change-out events of the meters
    Then the message is valid against its schemas
    And the message header is conformant
    And the CIS is told the removal of the old meter and the installation of the new one

  @usecase:MSR-03 @pattern:P2
  @clause:2013:5.5 @role:MDM @edition:2013 @req:MSR-03.2
  Scenario: The MDM forwards a tamper reported by the head-end to the CIS
    Given a meter installed at a usage point
    When the head-end reports a tamper at the meter to the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the tamper event of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the CIS is told the tamper event of the meter with the code the head-end sent

  @usecase:MSR-03 @pattern:P2
  @clause:2013:5.5 @role:CIS @edition:2013 @req:MSR-03.C1
  Scenario: The CIS acknowledges the tamper event the MDM forwards to it
    Given a meter installed at a usage point
    When the MDM the suite plays forwards a tamper at the meter to the CIS
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

  @usecase:PAN-02 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:HES @edition:2013 @req:PAN-02.1 @cap:stimulus
  Scenario: The head-end tells the MDM the events of the PAN devices of a meter
    Given a meter installed at a usage point
    When a PAN device of the meter raises an event in the field
    And the MDM waits for the PAN device events of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And the events of the PAN devices of the meter have a PAN device type

  @usecase:PAN-02 @pattern:P2 @edition:2024 @clause:2024:5.7
  @clause:2013:5.9 @role:MDM @edition:2013 @req:PAN-02.2
  Scenario: The MDM acknowledges the events of the PAN devices at a meter's premises the head-end tells it
    Given a meter installed at a usage point
    When the head-end tells the MDM the events of the PAN devices at the meter's premises
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
